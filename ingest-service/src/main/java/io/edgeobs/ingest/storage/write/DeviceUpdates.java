package io.edgeobs.ingest.storage.write;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Upserts the {@code devices} rows of the devices that sent the batches of a poll, in the write transaction:
 * identity and envelope from the newest batch (by the gateway's receive time), first/last seen, and the
 * agent's self-telemetry. Rows are upserted in key order, so concurrent writers never deadlock on them.
 */
final class DeviceUpdates {

    private static final String SQL = """
            INSERT INTO devices AS d (tenant, device_id, fleet, device_type, agent_version, resource_tags, gateway_id,
                region, first_seen, last_seen, buffer_bytes, buffer_budget_bytes, dropped_records, export_lag,
                self_telemetry_at)
            SELECT u.tenant, u.device_id, u.fleet, u.device_type, u.agent_version, u.resource_tags::jsonb, u.gateway_id,
                   u.region, timestamptz 'epoch' + u.seen_us * interval '1 microsecond',
                   timestamptz 'epoch' + u.seen_us * interval '1 microsecond',
                   u.buffer_bytes, u.buffer_budget_bytes, u.dropped_records, u.export_lag,
                   timestamptz 'epoch' + u.telemetry_us * interval '1 microsecond'
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::bigint[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::bigint[]) WITH ORDINALITY
                 AS u(tenant, device_id, fleet, device_type, agent_version, resource_tags, gateway_id, region, seen_us,
                      buffer_bytes, buffer_budget_bytes, dropped_records, export_lag, telemetry_us, n)
            ORDER BY u.n
            ON CONFLICT (tenant, device_id) DO UPDATE SET
                fleet = CASE WHEN EXCLUDED.last_seen >= d.last_seen THEN EXCLUDED.fleet ELSE d.fleet END,
                device_type = CASE WHEN EXCLUDED.last_seen >= d.last_seen THEN EXCLUDED.device_type ELSE d.device_type END,
                agent_version = CASE WHEN EXCLUDED.last_seen >= d.last_seen THEN EXCLUDED.agent_version ELSE d.agent_version END,
                resource_tags = CASE WHEN EXCLUDED.last_seen >= d.last_seen THEN EXCLUDED.resource_tags ELSE d.resource_tags END,
                gateway_id = CASE WHEN EXCLUDED.last_seen >= d.last_seen THEN EXCLUDED.gateway_id ELSE d.gateway_id END,
                region = CASE WHEN EXCLUDED.last_seen >= d.last_seen THEN EXCLUDED.region ELSE d.region END,
                first_seen = LEAST(d.first_seen, EXCLUDED.first_seen),
                last_seen = GREATEST(d.last_seen, EXCLUDED.last_seen),
                buffer_bytes = CASE WHEN EXCLUDED.buffer_bytes IS NOT NULL AND (d.self_telemetry_at IS NULL
                    OR EXCLUDED.self_telemetry_at >= d.self_telemetry_at) THEN EXCLUDED.buffer_bytes ELSE d.buffer_bytes END,
                buffer_budget_bytes = CASE WHEN EXCLUDED.buffer_budget_bytes IS NOT NULL AND (d.self_telemetry_at IS NULL
                    OR EXCLUDED.self_telemetry_at >= d.self_telemetry_at) THEN EXCLUDED.buffer_budget_bytes ELSE d.buffer_budget_bytes END,
                dropped_records = CASE WHEN EXCLUDED.dropped_records IS NOT NULL AND (d.self_telemetry_at IS NULL
                    OR EXCLUDED.self_telemetry_at >= d.self_telemetry_at) THEN EXCLUDED.dropped_records ELSE d.dropped_records END,
                export_lag = CASE WHEN EXCLUDED.export_lag IS NOT NULL AND (d.self_telemetry_at IS NULL
                    OR EXCLUDED.self_telemetry_at >= d.self_telemetry_at) THEN EXCLUDED.export_lag ELSE d.export_lag END,
                self_telemetry_at = GREATEST(d.self_telemetry_at, EXCLUDED.self_telemetry_at)
            """;

    private DeviceUpdates() {
    }

    /** @param nowUnixNanos "seen" time of batches without an envelope */
    static int write(Connection c, List<Batch> batches, long nowUnixNanos) throws SQLException {
        if (batches.isEmpty()) {
            return 0;
        }
        Map<String, Device> devices = new TreeMap<>();
        for (Batch b : batches) {
            Resource r = b.resource();
            devices.computeIfAbsent(r.tenant() + "\u0000" + r.deviceId(), k -> new Device()).add(b, nowUnixNanos);
        }
        List<Device> rows = new ArrayList<>(devices.values());
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setArray(1, text(c, rows, d -> d.latest.resource().tenant()));
            ps.setArray(2, text(c, rows, d -> d.latest.resource().deviceId()));
            ps.setArray(3, text(c, rows, d -> d.latest.resource().fleet()));
            ps.setArray(4, text(c, rows, d -> d.latest.resource().deviceType()));
            ps.setArray(5, text(c, rows, d -> d.latest.resource().agentVersion()));
            ps.setArray(6, c.createArrayOf("text", rows.stream().map(d -> Json.tags(d.latest.resource().tags())).toArray()));
            ps.setArray(7, text(c, rows, d -> d.latest.envelope() == null ? "" : d.latest.envelope().gatewayId()));
            ps.setArray(8, text(c, rows, d -> d.latest.envelope() == null ? "" : d.latest.envelope().region()));
            ps.setArray(9, c.createArrayOf("int8", rows.stream().map(d -> (Object) Math.floorDiv(d.seen, 1000L)).toArray()));
            ps.setArray(10, measure(c, rows, SelfTelemetry.Measure.BUFFER_BYTES));
            ps.setArray(11, measure(c, rows, SelfTelemetry.Measure.BUFFER_BUDGET_BYTES));
            ps.setArray(12, measure(c, rows, SelfTelemetry.Measure.DROPPED_RECORDS));
            ps.setArray(13, measure(c, rows, SelfTelemetry.Measure.EXPORT_LAG));
            ps.setArray(14, c.createArrayOf("int8", rows.stream()
                    .map(d -> d.telemetry.isEmpty() ? null : (Object) Math.floorDiv(d.telemetry.timeUnixNanos(), 1000L)).toArray()));
            return ps.executeUpdate();
        }
    }

    private static java.sql.Array text(Connection c, List<Device> rows, java.util.function.Function<Device, String> f)
            throws SQLException {
        return c.createArrayOf("text", rows.stream().map(d -> TextSanitizer.clean(f.apply(d))).toArray());
    }

    private static java.sql.Array measure(Connection c, List<Device> rows, SelfTelemetry.Measure m) throws SQLException {
        return c.createArrayOf("float8", rows.stream().map(d -> (Object) d.telemetry.value(m)).toArray());
    }

    /** What the batches of one poll tell about one device. */
    private static final class Device {
        Batch latest;
        long seen = Long.MIN_VALUE;
        final SelfTelemetry telemetry = new SelfTelemetry();

        void add(Batch b, long nowUnixNanos) {
            long t = b.envelope() == null || b.envelope().receivedAtUnixNanos() == 0 ? nowUnixNanos
                    : b.envelope().receivedAtUnixNanos();
            if (latest == null || t >= seen) {
                latest = b;
                seen = t;
            }
            if (b.signal() == Signal.METRICS) {
                telemetry.add(b.metrics());
            }
        }
    }
}

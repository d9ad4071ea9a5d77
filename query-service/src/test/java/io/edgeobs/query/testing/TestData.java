package io.edgeobs.query.testing;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Rows in the ingest tables, as the ingest service writes them (same columns, same encodings: ids as bytes, tags
 * as JSON objects, span kind and status lower case, log levels 0 to 6), for tests to query back. Each test uses
 * its own {@link #unique} names so tests sharing the database do not see each other's rows.
 */
public final class TestData {

    private final DataSource db;

    public TestData(DataSource db) {
        this.db = db;
    }

    /** A name no other test uses: {@code prefix} and a random suffix. */
    public static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A new series; its id. */
    public long series(String tenant, String device, String name, String kind, Map<String, String> tags) {
        Map<String, String> sorted = new TreeMap<>(tags);
        StringBuilder json = new StringBuilder("{");
        sorted.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append(quote(k)).append(':').append(quote(v)));
        json.append('}');
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO series (key_hash, tenant, device_id, name, unit, kind, tags) VALUES (?, ?, ?, ?, '', ?, ?::jsonb) "
                        + "RETURNING id")) {
            ps.setBytes(1, sha256(tenant + "\0" + device + "\0" + name + "\0" + json));
            ps.setString(2, tenant);
            ps.setString(3, device);
            ps.setString(4, name);
            ps.setString(5, kind);
            ps.setString(6, json.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Points of a series from {@code start}, one per {@code step}. */
    public void points(long seriesId, Instant start, Duration step, double... values) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO metric_points (series_id, ts, value) VALUES (?, ?, ?)")) {
            for (int i = 0; i < values.length; i++) {
                ps.setLong(1, seriesId);
                ps.setTimestamp(2, Timestamp.from(start.plus(step.multipliedBy(i))));
                ps.setDouble(3, values[i]);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A device in the fleet view. */
    public void device(String tenant, String device, String fleet, Instant lastSeen, String agentVersion,
                       Double bufferBytes, Double budgetBytes, Double dropped, Double exportLag) {
        execute("INSERT INTO devices (tenant, device_id, fleet, device_type, agent_version, resource_tags, gateway_id, "
                        + "region, first_seen, last_seen, buffer_bytes, buffer_budget_bytes, dropped_records, export_lag, "
                        + "self_telemetry_at) VALUES (?, ?, ?, 'rpi4', ?, '{}'::jsonb, 'gw-1', 'eu-west', ?, ?, ?, ?, ?, ?, ?)",
                tenant, device, fleet, agentVersion, Timestamp.from(lastSeen.minus(Duration.ofDays(1))),
                Timestamp.from(lastSeen), bufferBytes, budgetBytes, dropped, exportLag,
                bufferBytes == null ? null : Timestamp.from(lastSeen));
    }

    /**
     * A span. Ids in hex (trace 32, span 16 characters); {@code parent} null for a root; kind and status as the
     * ingest service writes them ({@code server}, {@code error}); {@code tagsJson} a JSON object.
     */
    public void span(String tenant, String device, String traceId, String spanId, String parent, String service,
                     String operation, String kind, Instant start, Duration duration, String status, String tagsJson) {
        HexFormat hex = HexFormat.of();
        execute("INSERT INTO spans (tenant, device_id, trace_id, span_id, parent_span_id, service, operation, span_kind, "
                        + "start_time, duration_ns, status_code, status_message, tags, events, links) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?::jsonb, '[]'::jsonb, '[]'::jsonb)",
                tenant, device, hex.parseHex(traceId), hex.parseHex(spanId), parent == null ? null : hex.parseHex(parent),
                service, operation, kind, Timestamp.from(start), duration.toNanos(), status, tagsJson);
        execute("INSERT INTO span_operations (tenant, service, operation, span_kind) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", tenant, service, operation, kind);
    }

    /** A log record; {@code level} 0 unspecified to 6 fatal; {@code fieldsJson} a JSON object. */
    public void log(String tenant, String device, Instant ts, int level, String message, String fieldsJson,
                    String traceIdHex) {
        execute("INSERT INTO logs (tenant, device_id, ts, level, message, fields, trace_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)",
                tenant, device, Timestamp.from(ts), (short) level, message, fieldsJson,
                traceIdHex == null ? null : HexFormat.of().parseHex(traceIdHex));
    }

    /** Runs a statement with parameters. */
    public void execute(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs SQL without parameters (several statements allowed). */
    public void script(String sql) {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

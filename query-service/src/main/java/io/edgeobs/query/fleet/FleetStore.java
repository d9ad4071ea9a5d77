package io.edgeobs.query.fleet;

import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the ingest service's {@code devices} table (and counts of a device's series, spans) for the fleet view,
 * always within one tenant bound in SQL. Devices are listed in byte order of their id, paged by the last id.
 */
@ApplicationScoped
public class FleetStore {

    private static final String COLUMNS = "d.device_id, d.fleet, d.device_type, d.agent_version, d.gateway_id, "
            + "d.region, d.first_seen, d.last_seen, d.self_telemetry_at, d.buffer_bytes, d.buffer_budget_bytes, "
            + "d.dropped_records, d.export_lag";

    private final DataSource db;
    private final DeviceHealth health;

    public FleetStore(DataSource db, DeviceHealth health) {
        this.db = db;
        this.health = health;
    }

    /** Devices of the tenant after {@code afterId}, optionally of one fleet and some statuses; at most {@code limit}. */
    List<Device> list(String tenant, String fleet, List<String> statuses, String afterId, int limit, Instant now) {
        List<Object> args = new ArrayList<>(health.statusArgs(now));
        StringBuilder sql = new StringBuilder("SELECT * FROM (SELECT ").append(COLUMNS).append(", ")
                .append(health.statusSql()).append(" AS status FROM devices d WHERE d.tenant = ?");
        args.add(tenant);
        if (fleet != null) {
            sql.append(" AND d.fleet = ?");
            args.add(fleet);
        }
        if (afterId != null) {
            sql.append(" AND d.device_id COLLATE \"C\" > ?");
            args.add(afterId);
        }
        sql.append(") d");
        if (statuses != null) {
            sql.append(" WHERE d.status = ANY (?)");
            args.add(statuses.toArray(new String[0]));
        }
        sql.append(" ORDER BY d.device_id COLLATE \"C\" LIMIT ?");
        args.add(limit);
        return query(sql.toString(), args, rs -> device(rs, now));
    }

    /** The tenant's devices (of one fleet, if given) counted by status; every status present, zero if none. */
    Map<String, Long> summary(String tenant, String fleet, Instant now) {
        List<Object> args = new ArrayList<>(health.statusArgs(now));
        args.add(tenant);
        String sql = "SELECT " + health.statusSql() + " AS status, count(*) FROM devices d WHERE d.tenant = ?"
                + (fleet == null ? "" : " AND d.fleet = ?") + " GROUP BY 1";
        if (fleet != null) {
            args.add(fleet);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        DeviceHealth.STATUSES.forEach(s -> counts.put(s, 0L));
        query(sql, args, rs -> counts.put(rs.getString(1), rs.getLong(2)));
        counts.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
        return counts;
    }

    Optional<Device> device(String tenant, String deviceId, Instant now) {
        String sql = "SELECT " + COLUMNS + " FROM devices d WHERE d.tenant = ? AND d.device_id = ?";
        return query(sql, List.of(tenant, deviceId), rs -> device(rs, now)).stream().findFirst();
    }

    /** Series of the device; spans it sent that started in {@code [from, to]}. */
    long[] seriesAndSpans(String tenant, String deviceId, Instant from, Instant to) {
        String sql = "SELECT (SELECT count(*) FROM series WHERE tenant = ? AND device_id = ?), "
                + "(SELECT count(*) FROM spans WHERE tenant = ? AND device_id = ? AND start_time >= ? AND start_time <= ?)";
        return query(sql, List.of(tenant, deviceId, tenant, deviceId, Timestamp.from(from), Timestamp.from(to)),
                rs -> new long[] {rs.getLong(1), rs.getLong(2)}).get(0);
    }

    /** Gateways as the tenant's devices name them, with device counts by status; at most {@code limit}. */
    List<Gateway> gateways(String tenant, int limit, Instant now) {
        List<Object> args = new ArrayList<>(health.statusArgs(now));
        args.add(tenant);
        args.add(limit);
        String sql = "SELECT gateway_id, region, count(*), count(*) FILTER (WHERE status = 'ok'), "
                + "count(*) FILTER (WHERE status = 'degraded'), count(*) FILTER (WHERE status = 'silent'), "
                + "count(*) FILTER (WHERE status = 'unknown'), max(last_seen) FROM (SELECT d.gateway_id, d.region, "
                + "d.last_seen, " + health.statusSql() + " AS status FROM devices d WHERE d.tenant = ?) g "
                + "GROUP BY gateway_id, region ORDER BY gateway_id COLLATE \"C\", region COLLATE \"C\" LIMIT ?";
        return query(sql, args, rs -> {
            Map<String, Long> byStatus = new LinkedHashMap<>();
            for (int i = 0; i < DeviceHealth.STATUSES.size(); i++) {
                byStatus.put(DeviceHealth.STATUSES.get(i), rs.getLong(4 + i));
            }
            return new Gateway(rs.getString(1), rs.getString(2), rs.getLong(3), byStatus,
                    rs.getTimestamp(8).toInstant().toString());
        });
    }

    private Device device(ResultSet rs, Instant now) throws SQLException {
        Instant lastSeen = rs.getTimestamp(8).toInstant();
        Timestamp telemetry = rs.getTimestamp(9);
        Double bytes = dbl(rs, 10);
        Double budget = dbl(rs, 11);
        Double dropped = dbl(rs, 12);
        Double lag = dbl(rs, 13);
        DeviceHealth.Assessment a = health.assess(lastSeen, telemetry == null ? null : telemetry.toInstant(), bytes,
                budget, dropped, lag, now);
        Double percent = DeviceHealth.bufferPercent(bytes, budget);
        return new Device(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getTimestamp(7).toInstant().toString(), lastSeen.toString(),
                telemetry == null ? null : telemetry.toInstant().toString(), bytes, budget,
                percent == null ? null : Math.round(percent * 10) / 10.0, dropped, lag, a.status(), a.reasons());
    }

    private static Double dbl(ResultSet rs, int i) throws SQLException {
        double d = rs.getDouble(i);
        return rs.wasNull() ? null : d;
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<Object> args, RowMapper<T> mapper) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof String[] texts) {
                    ps.setArray(i + 1, c.createArrayOf("text", texts));
                } else {
                    ps.setObject(i + 1, args.get(i));
                }
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("fleet query failed: " + e.getMessage(), e);
        }
    }
}

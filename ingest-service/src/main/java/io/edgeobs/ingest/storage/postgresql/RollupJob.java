package io.edgeobs.ingest.storage.postgresql;

import io.edgeobs.ingest.storage.StorageDialect.DeviceRange;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps {@code metrics_1m} and {@code metrics_1h} equal to aggregates of the raw points, incrementally: it takes
 * what writers queued in {@code rollup_queue} (device and time range of new points, written in their
 * transactions), recomputes those devices' 1-minute buckets in those ranges from {@code metric_points}, then the
 * enclosing hours from {@code metrics_1m}, and deletes the queue rows, all in one transaction. Late data therefore
 * simply recomputes the old buckets it falls into. One instance at a time (advisory lock).
 */
final class RollupJob {

    /** pg_try_advisory_xact_lock key of the rollup job. */
    static final long LOCK = 0x6564_6765_0002L;
    static final long MINUTE_MICROS = 60_000_000L;
    static final long HOUR_MICROS = 3_600_000_000L;

    private static final String FROM_RANGES = "FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[]) "
            + "AS r(tenant, device_id, from_us, to_us) JOIN series s ON s.tenant = r.tenant AND s.device_id = r.device_id ";
    private static final String EPOCH = "timestamptz 'epoch' + interval '1 microsecond' * ";
    private static final String ORIGIN = "timestamptz '2000-01-01 00:00:00+00'";
    private static final String UPSERT = " ON CONFLICT (series_id, bucket) DO UPDATE SET min = EXCLUDED.min, "
            + "max = EXCLUDED.max, avg = EXCLUDED.avg, sum = EXCLUDED.sum, count = EXCLUDED.count, last = EXCLUDED.last";

    static final String ROLLUP_1M = "INSERT INTO metrics_1m (series_id, bucket, min, max, avg, sum, count, last) "
            + "SELECT p.series_id, date_bin(interval '1 minute', p.ts, " + ORIGIN + ") AS b, min(p.value), max(p.value), "
            + "avg(p.value), sum(p.value), count(*), (array_agg(p.value ORDER BY p.ts DESC, p.value DESC))[1] "
            + FROM_RANGES + "JOIN metric_points p ON p.series_id = s.id AND p.ts >= " + EPOCH + "r.from_us "
            + "AND p.ts < " + EPOCH + "r.to_us GROUP BY p.series_id, b" + UPSERT;

    static final String ROLLUP_1H = "INSERT INTO metrics_1h (series_id, bucket, min, max, avg, sum, count, last) "
            + "SELECT m.series_id, date_bin(interval '1 hour', m.bucket, " + ORIGIN + ") AS b, min(m.min), max(m.max), "
            + "sum(m.sum) / sum(m.count), sum(m.sum), sum(m.count), (array_agg(m.last ORDER BY m.bucket DESC))[1] "
            + FROM_RANGES + "JOIN metrics_1m m ON m.series_id = s.id AND m.bucket >= " + EPOCH + "r.from_us "
            + "AND m.bucket < " + EPOCH + "r.to_us GROUP BY m.series_id, b" + UPSERT;

    /** Runs once; returns the rollup rows written, 0 when there was nothing to do or another instance runs it. */
    long run(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            long rows = 0;
            if (tryLock(c)) {
                List<DeviceRange> queued = take(c);
                if (!queued.isEmpty()) {
                    rows += upsert(c, ROLLUP_1M, RollupRanges.buckets(queued, MINUTE_MICROS));
                    rows += upsert(c, ROLLUP_1H, RollupRanges.buckets(queued, HOUR_MICROS));
                }
            }
            c.commit();
            return rows;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_try_advisory_xact_lock(" + LOCK + ")")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static List<DeviceRange> take(Connection c) throws SQLException {
        List<DeviceRange> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("DELETE FROM rollup_queue RETURNING tenant, "
                + "device_id, (extract(epoch FROM ts_min) * 1000000)::bigint, (extract(epoch FROM ts_max) * 1000000)::bigint")) {
            while (rs.next()) {
                out.add(new DeviceRange(rs.getString(1), rs.getString(2), rs.getLong(3) * 1000L, rs.getLong(4) * 1000L));
            }
        }
        return out;
    }

    private static long upsert(Connection c, String sql, List<RollupRanges.Range> ranges) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", ranges.stream().map(RollupRanges.Range::tenant).toArray()));
            ps.setArray(2, c.createArrayOf("text", ranges.stream().map(RollupRanges.Range::deviceId).toArray()));
            ps.setArray(3, c.createArrayOf("int8", ranges.stream().map(r -> (Object) r.fromMicros()).toArray()));
            ps.setArray(4, c.createArrayOf("int8", ranges.stream().map(r -> (Object) r.toMicros()).toArray()));
            return ps.executeUpdate();
        }
    }
}

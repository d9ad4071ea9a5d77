package io.edgeobs.ingest.storage.postgresql;

import io.edgeobs.ingest.storage.StorageDialect.DeviceRange;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@code metrics_1m} and {@code metrics_1h} equal to aggregates of the raw points, incrementally. Writers queue
 * in {@code rollup_queue}, in their transactions, the device and time range of new points. A run takes the queued
 * ranges, and for the part of them in closed minutes (ended at least {@link #CLOSE_AFTER_MICROS} ago) recomputes
 * those devices' 1-minute buckets from {@code metric_points}; the part in minutes still open stays queued. The
 * minutes it rolled up are queued in {@code rollup_queue_1h}, and the part of those in closed hours is recomputed
 * into {@code metrics_1h} from {@code metrics_1m}; the rest stays queued. All in one transaction.
 * <p>
 * So a bucket is computed about once, when it has all its points, instead of at every run while it fills. (Before,
 * the current hour was recomputed at every run from the current hour's {@code metrics_1m} rows of every series.) Late
 * data queues the old buckets it falls into again, and they are simply recomputed. Queries read raw points where a
 * rollup has no bucket yet (query service, ADR 0062), so the wait does not show. One instance at a time (advisory
 * lock).
 */
final class RollupJob {

    /** pg_try_advisory_xact_lock key of the rollup job. */
    static final long LOCK = 0x6564_6765_0002L;
    static final long MINUTE_MICROS = 60_000_000L;
    static final long HOUR_MICROS = 3_600_000_000L;
    /** How long after its end a minute is taken as complete: agents export every 10 s, and delivery takes a second. */
    static final long CLOSE_AFTER_MICROS = 15_000_000L;

    /**
     * The queued ranges joined to their devices' series. Each series' rows are read in a LATERAL subquery whose
     * bounds are that range's own, so the scan of each partition's {@code (series_id, ts)} index is bounded by series
     * and time, and the partitions outside the range are pruned at run time. (A plain join took the time bounds
     * as a filter above the partitions: every partition was probed for every series, and all of a series' rows in
     * the current partition were read, a cost that grew through the day.)
     */
    private static final String FROM_RANGES = "FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[]) "
            + "AS r(tenant, device_id, from_us, to_us) JOIN series s ON s.tenant = r.tenant AND s.device_id = r.device_id ";
    private static final String EPOCH = "timestamptz 'epoch' + interval '1 microsecond' * ";
    private static final String ORIGIN = "timestamptz '2000-01-01 00:00:00+00'";
    private static final String UPSERT = " ON CONFLICT (series_id, bucket) DO UPDATE SET min = EXCLUDED.min, "
            + "max = EXCLUDED.max, avg = EXCLUDED.avg, sum = EXCLUDED.sum, count = EXCLUDED.count, last = EXCLUDED.last";

    static final String ROLLUP_1M = "INSERT INTO metrics_1m (series_id, bucket, min, max, avg, sum, count, last) "
            + "SELECT p.series_id, date_bin(interval '1 minute', p.ts, " + ORIGIN + ") AS b, min(p.value), max(p.value), "
            + "avg(p.value), sum(p.value), count(*), (array_agg(p.value ORDER BY p.ts DESC, p.value DESC))[1] "
            + FROM_RANGES + "CROSS JOIN LATERAL (SELECT p.series_id, p.ts, p.value FROM metric_points p "
            + "WHERE p.series_id = s.id AND p.ts >= " + EPOCH + "r.from_us AND p.ts < " + EPOCH + "r.to_us OFFSET 0) p "
            + "GROUP BY p.series_id, b" + UPSERT;

    static final String ROLLUP_1H = "INSERT INTO metrics_1h (series_id, bucket, min, max, avg, sum, count, last) "
            + "SELECT m.series_id, date_bin(interval '1 hour', m.bucket, " + ORIGIN + ") AS b, min(m.min), max(m.max), "
            + "sum(m.sum) / sum(m.count), sum(m.sum), sum(m.count), (array_agg(m.last ORDER BY m.bucket DESC))[1] "
            + FROM_RANGES + "CROSS JOIN LATERAL (SELECT m.series_id, m.bucket, m.min, m.max, m.sum, m.count, m.last "
            + "FROM metrics_1m m WHERE m.series_id = s.id AND m.bucket >= " + EPOCH + "r.from_us AND m.bucket < "
            + EPOCH + "r.to_us OFFSET 0) m GROUP BY m.series_id, b" + UPSERT;

    /** Memory for the sort of one run's rows by series and bucket (4 MB, the default, spilled to disk at fleet load). */
    private static final String WORK_MEM = "SET LOCAL work_mem = '64MB'";

    /**
     * Runs once at {@code now}; returns the rollup rows written, 0 when there was nothing closed to do or another
     * instance runs it.
     */
    long run(Connection c, Instant now) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            long rows = 0;
            if (tryLock(c)) {
                try (Statement st = c.createStatement()) {
                    st.execute(WORK_MEM);
                }
                long nowMicros = Math.multiplyExact(now.getEpochSecond(), 1_000_000L) + now.getNano() / 1000;
                long minutesBefore = Math.floorDiv(nowMicros - CLOSE_AFTER_MICROS, MINUTE_MICROS) * MINUTE_MICROS;
                long hoursBefore = Math.floorDiv(minutesBefore, HOUR_MICROS) * HOUR_MICROS;
                List<DeviceRange> closedPoints = takeClosed(c, "rollup_queue", minutesBefore);
                if (!closedPoints.isEmpty()) {
                    List<RollupRanges.Range> minutes = RollupRanges.buckets(closedPoints, MINUTE_MICROS);
                    rows += upsert(c, ROLLUP_1M, minutes);
                    queue(c, "rollup_queue_1h", minutes.stream().map(m -> new DeviceRange(m.tenant(), m.deviceId(),
                            m.fromMicros() * 1000L, (m.toMicros() - 1) * 1000L)).toList());
                }
                List<DeviceRange> closedMinutes = takeClosed(c, "rollup_queue_1h", hoursBefore);
                if (!closedMinutes.isEmpty()) {
                    rows += upsert(c, ROLLUP_1H, RollupRanges.buckets(closedMinutes, HOUR_MICROS));
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

    /**
     * Takes the queued ranges of {@code queue} and returns their parts before {@code beforeMicros}; the parts from it
     * on are queued again, one range per device.
     */
    private static List<DeviceRange> takeClosed(Connection c, String queue, long beforeMicros) throws SQLException {
        List<DeviceRange> closed = new ArrayList<>();
        Map<String, DeviceRange> open = new LinkedHashMap<>();
        long before = beforeMicros * 1000L;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("DELETE FROM " + queue + " RETURNING tenant, "
                + "device_id, (extract(epoch FROM ts_min) * 1000000)::bigint, (extract(epoch FROM ts_max) * 1000000)::bigint")) {
            while (rs.next()) {
                String tenant = rs.getString(1);
                String device = rs.getString(2);
                long min = rs.getLong(3) * 1000L;
                long max = rs.getLong(4) * 1000L;
                if (min < before) {
                    closed.add(new DeviceRange(tenant, device, min, Math.min(max, before - 1000L)));
                }
                if (max >= before) {
                    DeviceRange rest = new DeviceRange(tenant, device, Math.max(min, before), max);
                    open.merge(tenant + "\u0000" + device, rest, (x, y) -> new DeviceRange(tenant, device,
                            Math.min(x.minUnixNanos(), y.minUnixNanos()), Math.max(x.maxUnixNanos(), y.maxUnixNanos())));
                }
            }
        }
        queue(c, queue, List.copyOf(open.values()));
        return closed;
    }

    /** Queues device ranges (unix nanoseconds, kept to the microsecond) in {@code queue}. */
    static void queue(Connection c, String queue, List<DeviceRange> ranges) throws SQLException {
        if (ranges.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + queue + " (tenant, device_id, ts_min, ts_max) "
                + "SELECT t, d, " + EPOCH + "lo, " + EPOCH + "hi "
                + "FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[]) AS r(t, d, lo, hi)")) {
            ps.setArray(1, c.createArrayOf("text", ranges.stream().map(DeviceRange::tenant).toArray()));
            ps.setArray(2, c.createArrayOf("text", ranges.stream().map(DeviceRange::deviceId).toArray()));
            ps.setArray(3, c.createArrayOf("int8", ranges.stream().map(r -> (Object) Math.floorDiv(r.minUnixNanos(), 1000L)).toArray()));
            ps.setArray(4, c.createArrayOf("int8", ranges.stream().map(r -> (Object) Math.floorDiv(r.maxUnixNanos(), 1000L)).toArray()));
            ps.executeUpdate();
        }
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

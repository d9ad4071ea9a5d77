package io.edgeobs.ingest.storage.write;

import io.edgeobs.ingest.decode.IncomingBatch;
import io.edgeobs.ingest.decode.LedgerKey;
import io.edgeobs.ingest.storage.StorageDialect;
import io.edgeobs.ingest.storage.StorageDialect.DeviceRange;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Signal;
import io.edgeobs.model.TelemetryRecord;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores the batches of one poll in PostgreSQL in one transaction: the ledger rows that claim them, their rows
 * (metric points, spans, logs, for the signals configured to go to PostgreSQL), the devices they came from, and
 * the rollup queue. Batches the ledger already holds are skipped, so a redelivered batch is stored once.
 *
 * <p>Outside that transaction, before it: partitions for the rows' times are made sure to exist, and series ids
 * are resolved (new series committed on their own; see {@link SeriesResolver}).
 */
public final class BatchWriter {

    private final StorageDialect dialect;
    private final SeriesResolver series;
    private final Set<Signal> rowSignals;
    private final Clock clock;
    private final boolean stagePoints;

    /** @param rowSignals the signals whose records are stored in PostgreSQL (the others only go to the ledger) */
    public BatchWriter(StorageDialect dialect, SeriesResolver series, Set<Signal> rowSignals, Clock clock) {
        this(dialect, series, rowSignals, clock, false);
    }

    /** @param stagePoints metric points through staging and INSERT ... SELECT instead of COPY straight into the table */
    public BatchWriter(StorageDialect dialect, SeriesResolver series, Set<Signal> rowSignals, Clock clock,
                       boolean stagePoints) {
        this.dialect = dialect;
        this.series = series;
        this.rowSignals = Set.copyOf(rowSignals);
        this.clock = clock;
        this.stagePoints = stagePoints;
    }

    /** What a write stored: the keys it claimed (the others were duplicates) and the rows per signal. */
    public record Result(Set<LedgerKey> stored, Map<Signal, Long> rows) {
        public long rows(Signal s) {
            return rows.getOrDefault(s, 0L);
        }
    }

    public Result write(Connection c, List<IncomingBatch> batches) throws SQLException {
        Map<Signal, List<IncomingBatch>> bySignal = new EnumMap<>(Signal.class);
        for (IncomingBatch b : batches) {
            bySignal.computeIfAbsent(b.batch().signal(), k -> new ArrayList<>()).add(b);
        }
        for (var e : bySignal.entrySet()) {
            if (rowSignals.contains(e.getKey())) {
                ensurePartitions(c, table(e.getKey()), e.getValue());
            }
        }
        List<IncomingBatch> metricBatches = rowSignals.contains(Signal.METRICS)
                ? bySignal.getOrDefault(Signal.METRICS, List.of()) : List.of();
        long[][] ids = series.resolve(c, metricBatches.stream().map(IncomingBatch::batch).toList());

        if (stagePoints) {
            Staging.create(c);
        }
        c.setAutoCommit(false);
        try {
            Set<LedgerKey> claimed = Ledger.claim(c, batches, Ledger.SINK_POSTGRESQL);
            Map<Signal, Long> rows = new EnumMap<>(Signal.class);
            List<Batch> newMetrics = new ArrayList<>();
            List<long[]> newIds = new ArrayList<>();
            for (int i = 0; i < metricBatches.size(); i++) {
                if (claimed.contains(metricBatches.get(i).key())) {
                    newMetrics.add(metricBatches.get(i).batch());
                    newIds.add(ids[i]);
                }
            }
            rows.put(Signal.METRICS, MetricRows.write(c, newMetrics, newIds.toArray(long[][]::new), stagePoints));
            if (rowSignals.contains(Signal.SPANS)) {
                rows.put(Signal.SPANS, SpanRows.write(c, claimedBatches(bySignal.get(Signal.SPANS), claimed)));
            }
            if (rowSignals.contains(Signal.LOGS)) {
                rows.put(Signal.LOGS, LogRows.write(c, claimedBatches(bySignal.get(Signal.LOGS), claimed)));
            }
            List<Batch> all = claimedBatches(batches, claimed);
            DeviceUpdates.write(c, all, nowUnixNanos());
            dialect.pointsWritten(c, deviceRanges(newMetrics));
            c.commit();
            return new Result(claimed, rows);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            restoreAutoCommit(c);
        }
    }

    public SeriesResolver series() {
        return series;
    }

    static String table(Signal s) {
        return switch (s) {
            case METRICS -> "metric_points";
            case SPANS -> "spans";
            case LOGS -> "logs";
        };
    }

    private void ensurePartitions(Connection c, String table, List<IncomingBatch> batches) throws SQLException {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (IncomingBatch b : batches) {
            for (TelemetryRecord r : b.batch().records()) {
                min = Math.min(min, r.timeUnixNanos());
                max = Math.max(max, r.timeUnixNanos());
            }
        }
        if (min <= max) {
            dialect.ensureWritable(c, table, instant(min), instant(max));
        }
    }

    private static List<Batch> claimedBatches(List<IncomingBatch> batches, Set<LedgerKey> claimed) {
        if (batches == null) {
            return List.of();
        }
        return batches.stream().filter(b -> claimed.contains(b.key())).map(IncomingBatch::batch).toList();
    }

    /** Per device, the time range of its new points. */
    static List<DeviceRange> deviceRanges(List<Batch> metricBatches) {
        Map<String, DeviceRange> ranges = new LinkedHashMap<>();
        for (Batch b : metricBatches) {
            if (b.size() == 0) {
                continue;
            }
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (TelemetryRecord r : b.records()) {
                min = Math.min(min, r.timeUnixNanos());
                max = Math.max(max, r.timeUnixNanos());
            }
            DeviceRange range = new DeviceRange(b.resource().tenant(), b.resource().deviceId(), min, max);
            ranges.merge(b.resource().tenant() + "\u0000" + b.resource().deviceId(), range, (x, y) -> new DeviceRange(
                    x.tenant(), x.deviceId(), Math.min(x.minUnixNanos(), y.minUnixNanos()),
                    Math.max(x.maxUnixNanos(), y.maxUnixNanos())));
        }
        return new ArrayList<>(ranges.values());
    }

    private long nowUnixNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static Instant instant(long unixNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(unixNanos, 1_000_000_000L), Math.floorMod(unixNanos, 1_000_000_000L));
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // a broken connection: the caller has the original error, and the pool discards the connection
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            if (!c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}

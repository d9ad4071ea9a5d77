package io.edgeobs.ingest.storage.postgresql;

import io.edgeobs.ingest.storage.Retention;
import io.edgeobs.ingest.storage.write.BatchWriter;
import io.edgeobs.ingest.storage.write.SeriesResolver;
import io.edgeobs.ingest.testing.Databases;
import io.edgeobs.ingest.testing.TestBatches;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Signal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the rollup job's statements make PostgreSQL read: a range of one minute reads that minute of each series
 * from the one partition holding it, bounded by series and time in the index, and no other partition.
 */
class RollupPlanTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(12, ChronoUnit.HOURS);
    private static Databases databases;

    @BeforeAll
    static void startPostgres() {
        databases = new Databases();
    }

    @AfterAll
    static void stopPostgres() {
        databases.close();
    }

    @Test
    void shouldReadOnlyTheRangesMinuteFromItsOwnPartition() throws Exception {
        // Given: 10 series with a point a second over 20 minutes yesterday and 20 minutes today
        PostgresDialect dialect = new PostgresDialect(Retention.DEFAULTS, 3);
        DataSource ds = databases.migrated(dialect, NOW);
        BatchWriter writer = new BatchWriter(dialect, new SeriesResolver(1000), EnumSet.allOf(Signal.class),
                Clock.fixed(NOW, ZoneOffset.UTC));
        List<Batch> batches = new ArrayList<>();
        Instant today = NOW.minus(20, ChronoUnit.MINUTES);
        batches.add(TestBatches.metrics("acme", "dev-p", 1, today.minus(1, ChronoUnit.DAYS), 12_000, 10));
        batches.add(TestBatches.metrics("acme", "dev-p", 2, today, 12_000, 10));
        try (Connection c = ds.getConnection()) {
            writer.write(c, TestBatches.incoming(batches));

            // When: the 1-minute rollup of the minute starting 10 minutes into today's points is explained
            long from = micros(today.plus(10, ChronoUnit.MINUTES));
            List<String> plan = explain(c, from, from + RollupJob.MINUTE_MICROS);

            // Then: one partition's index is scanned, with the time in its condition; the others are never executed
            List<String> executed = plan.stream().filter(l -> l.contains("Index Scan") && l.contains("metric_points_p")
                    && !l.contains("never executed")).toList();
            assertThat(executed).hasSize(1);
            assertThat(executed.get(0)).contains("metric_points_p" + today.toString().substring(0, 10).replace("-", ""))
                    .contains("rows=60.00 loops=10");
            assertThat(plan.get(plan.indexOf(executed.get(0)) + 1)).contains("Index Cond").contains("series_id = s.id")
                    .contains("ts >=").contains("ts <");
            assertThat(plan.stream().filter(l -> l.contains("metric_points_p") && l.contains("never executed")))
                    .hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void shouldRollUpAMinuteSharedByManyDevicesFromTheTimeIndexAndEqualTheRawPoints() throws Exception {
        // Given: 60 devices (more than WINDOW_DEVICES) with 5 series each, a point a second over 3 minutes
        PostgresDialect dialect = new PostgresDialect(Retention.DEFAULTS, 3);
        DataSource ds = databases.migrated(dialect, NOW);
        BatchWriter writer = new BatchWriter(dialect, new SeriesResolver(1000), EnumSet.allOf(Signal.class),
                Clock.fixed(NOW, ZoneOffset.UTC));
        Instant start = NOW.minus(10, ChronoUnit.MINUTES);
        List<Batch> batches = new ArrayList<>();
        for (int d = 0; d < 60; d++) {
            batches.add(TestBatches.metrics("acme", "dev-" + d, 1, start, 900, 5));
        }
        try (Connection c = ds.getConnection()) {
            writer.write(c, TestBatches.incoming(batches));

            // When: the plan of the window statement, and the job itself
            List<String> plan = explainWindow(c, micros(start), micros(start) + RollupJob.MINUTE_MICROS);
            long rows = dialect.rollUp(c, NOW);

            // Then: the minute is read through the BRIN index, and the rollups equal the raw points' aggregates
            assertThat(plan).anySatisfy(l -> assertThat(l).contains("Bitmap Index Scan on metric_points_p").contains("_ts_idx"));
            assertThat(plan).noneSatisfy(l -> assertThat(l).contains("series_id_ts_idx"));
            assertThat(rows).isEqualTo(60 * 5 * 3);
            assertThat(io.edgeobs.ingest.testing.Databases.rows(c, RAW_1M))
                    .isEqualTo(io.edgeobs.ingest.testing.Databases.rows(c, ROLLED_1M)).hasSize(60 * 5 * 3);
        }
    }

    /** As RollupJobTest's: the rollup rows, and the same aggregates computed from the raw points. */
    private static final String RAW_1M = "SELECT series_id, date_bin('1 minute', ts, timestamptz '2000-01-01 00:00:00+00') AS b, "
            + "min(value), max(value), round(avg(value)::numeric, 6), round(sum(value)::numeric, 6), count(*), "
            + "(array_agg(value ORDER BY ts DESC))[1] FROM metric_points GROUP BY 1, 2 ORDER BY 1, 2";
    private static final String ROLLED_1M = "SELECT series_id, bucket, min, max, round(avg::numeric, 6), "
            + "round(sum::numeric, 6), count, last FROM metrics_1m ORDER BY 1, 2";

    private static List<String> explainWindow(Connection c, long fromMicros, long toMicros) throws Exception {
        List<String> lines = new ArrayList<>();
        c.setAutoCommit(false);
        try (java.sql.Statement st = c.createStatement()) {
            st.execute(RollupJob.WINDOW_PLAN);
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN (COSTS OFF) " + RollupJob.ROLLUP_1M_WINDOW)) {
                List<Object> devices = new ArrayList<>();
                for (int d = 0; d < 60; d++) {
                    devices.add("dev-" + d);
                }
                ps.setArray(1, c.createArrayOf("text", java.util.Collections.nCopies(60, "acme").toArray()));
                ps.setArray(2, c.createArrayOf("text", devices.toArray()));
                ps.setLong(3, fromMicros);
                ps.setLong(4, toMicros);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
        return lines;
    }

    private static List<String> explain(Connection c, long fromMicros, long toMicros) throws Exception {
        List<String> lines = new ArrayList<>();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, BUFFERS OFF) "
                + RollupJob.ROLLUP_1M)) {
            ps.setArray(1, c.createArrayOf("text", new Object[] {"acme"}));
            ps.setArray(2, c.createArrayOf("text", new Object[] {"dev-p"}));
            ps.setArray(3, c.createArrayOf("int8", new Object[] {fromMicros}));
            ps.setArray(4, c.createArrayOf("int8", new Object[] {toMicros}));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
        return lines;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}

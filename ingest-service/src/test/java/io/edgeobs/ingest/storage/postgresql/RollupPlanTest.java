package io.edgeobs.ingest.storage.postgresql;

import io.edgeobs.ingest.decode.IncomingBatch;
import io.edgeobs.ingest.decode.LedgerKey;
import io.edgeobs.ingest.decode.SourcePosition;
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
            writer.write(c, batches.stream().map(b -> new IncomingBatch(b, LedgerKey.bySeq("acme", "dev-p", Signal.METRICS,
                    b.batchSeq()), new SourcePosition("edgeobs.metrics", 0, b.batchSeq()), 1, List.of(), List.of(), 0)).toList());

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

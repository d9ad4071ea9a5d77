package io.edgeobs.ingest.storage;

import io.edgeobs.ingest.storage.postgresql.PostgresDialect;
import io.edgeobs.ingest.storage.write.BatchWriter;
import io.edgeobs.ingest.storage.write.SeriesResolver;
import io.edgeobs.ingest.testing.Databases;
import io.edgeobs.ingest.testing.TestBatches;
import io.edgeobs.model.Batch;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Signal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

import static io.edgeobs.ingest.testing.Databases.count;
import static io.edgeobs.ingest.testing.Databases.rows;
import static io.edgeobs.ingest.testing.TestBatches.incoming;
import static org.assertj.core.api.Assertions.assertThat;

class RollupJobTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.HOURS);
    private static Databases databases;

    /** Rollups recomputed from the raw points, in the rollup tables' columns and order. */
    static final String RAW_1M = "SELECT series_id, date_bin('1 minute', ts, timestamptz '2000-01-01 00:00:00+00') AS b, "
            + "min(value), max(value), round(avg(value)::numeric, 6), round(sum(value)::numeric, 6), count(*), "
            + "(array_agg(value ORDER BY ts DESC))[1] FROM metric_points GROUP BY 1, 2 ORDER BY 1, 2";
    static final String ROLLED_1M = "SELECT series_id, bucket, min, max, round(avg::numeric, 6), round(sum::numeric, 6), "
            + "count, last FROM metrics_1m ORDER BY 1, 2";
    static final String RAW_1H = RAW_1M.replace("'1 minute'", "'1 hour'");
    static final String ROLLED_1H = ROLLED_1M.replace("metrics_1m", "metrics_1h");

    @BeforeAll
    static void startPostgres() {
        databases = new Databases();
    }

    @AfterAll
    static void stopPostgres() {
        databases.close();
    }

    @Test
    void shouldKeepRollupsEqualToAggregatesOfTheRawPointsIncludingLateData() throws Exception {
        // Given: two devices, points every 7 s over three hours, in random order across batches
        PostgresDialect dialect = new PostgresDialect(Retention.DEFAULTS, 3);
        DataSource ds = databases.migrated(dialect, NOW);
        BatchWriter writer = new BatchWriter(dialect, new SeriesResolver(1000), EnumSet.allOf(Signal.class),
                Clock.fixed(NOW, ZoneOffset.UTC));
        Instant start = NOW.minus(3, ChronoUnit.HOURS);
        List<Batch> batches = new ArrayList<>();
        Random random = new Random(42);
        for (String device : List.of("dev-1", "dev-2")) {
            List<MetricPoint> points = new ArrayList<>();
            for (int s = 0; s < 3 * 3600; s += 7) {
                points.add(MetricPoint.gauge("cpu_temp", 40 + random.nextInt(400) / 10.0,
                        TestBatches.nanos(start.plusSeconds(s)), io.edgeobs.model.Tags.of("core", Integer.toString(s % 2))));
            }
            java.util.Collections.shuffle(points, random);
            for (int i = 0; i < points.size(); i += 200) {
                batches.add(TestBatches.metrics("acme", device, batches.size() + 1, NOW,
                        points.subList(i, Math.min(points.size(), i + 200))));
            }
        }
        try (Connection c = ds.getConnection()) {
            writer.write(c, incoming(batches.subList(0, batches.size() / 2)));

            // When: the job runs between writes, and late points arrive for buckets it already rolled up
            long firstRun = dialect.rollUp(c, NOW.plus(1, ChronoUnit.HOURS));
            writer.write(c, incoming(batches.subList(batches.size() / 2, batches.size())));
            Batch late = TestBatches.metrics("acme", "dev-1", 10_000, NOW, List.of(
                    MetricPoint.gauge("cpu_temp", 99.5, TestBatches.nanos(start.plusSeconds(30)), io.edgeobs.model.Tags.of("core", "0")),
                    MetricPoint.gauge("cpu_temp", -3.25, TestBatches.nanos(start.plusSeconds(3601)), io.edgeobs.model.Tags.of("core", "1"))));
            writer.write(c, incoming(List.of(late)));
            dialect.rollUp(c, NOW.plus(1, ChronoUnit.HOURS));

            // Then
            assertThat(firstRun).isPositive();
            assertThat(count(c, "SELECT count(*) FROM rollup_queue")).isZero();
            assertThat(count(c, "SELECT count(*) FROM rollup_queue_1h")).isZero();
            assertThat(count(c, "SELECT count(*) FROM metrics_1m")).isEqualTo(2 * 2 * 180);
            assertThat(rows(c, ROLLED_1M)).isEqualTo(rows(c, RAW_1M));
            assertThat(count(c, "SELECT count(*) FROM metrics_1h")).isEqualTo(2 * 2 * 3);
            assertThat(rows(c, ROLLED_1H)).isEqualTo(rows(c, RAW_1H));
            assertThat(count(c, "SELECT count(*) FROM metrics_1m WHERE max = 99.5")).isEqualTo(1);
        }
    }

    @Test
    void shouldRollUpABucketOnceItIsClosedAndKeepWhatIsStillOpenQueued() throws Exception {
        // Given: points in minute M (opened 10 minutes into the hour) and one in the minute before
        PostgresDialect dialect = new PostgresDialect(Retention.DEFAULTS, 3);
        DataSource ds = databases.migrated(dialect, NOW);
        BatchWriter writer = new BatchWriter(dialect, new SeriesResolver(1000), EnumSet.allOf(Signal.class),
                Clock.fixed(NOW, ZoneOffset.UTC));
        Instant m = NOW.plus(10, ChronoUnit.MINUTES);
        try (Connection c = ds.getConnection()) {
            writer.write(c, incoming(List.of(TestBatches.metrics("acme", "dev-3", 1, NOW, List.of(
                    point(1.0, m.minusSeconds(30)), point(2.0, m.plusSeconds(5)), point(3.0, m.plusSeconds(15)))))));

            // When: the job runs while M is open (it closes 15 s after its end)
            long whileOpen = dialect.rollUp(c, m.plusSeconds(30));

            // Then: the minute before is rolled up; M and the hour stay queued
            assertThat(whileOpen).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM metrics_1m")).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM metrics_1m WHERE bucket = '" + m.minusSeconds(60) + "'")).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM rollup_queue WHERE ts_min = '" + m + "' AND ts_max = '" + m.plusSeconds(15) + "'")).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM metrics_1h")).isZero();
            assertThat(count(c, "SELECT count(*) FROM rollup_queue_1h")).isEqualTo(1);

            // When: more points for M, and runs before and after it closes, then after the hour closes
            writer.write(c, incoming(List.of(TestBatches.metrics("acme", "dev-3", 2, NOW, List.of(point(4.0, m.plusSeconds(50)))))));
            long beforeClose = dialect.rollUp(c, m.plusSeconds(70));
            long afterClose = dialect.rollUp(c, m.plusSeconds(80));
            long hourOpen = count(c, "SELECT count(*) FROM metrics_1h");
            long afterHour = dialect.rollUp(c, NOW.plus(1, ChronoUnit.HOURS).plusSeconds(20));

            // Then: M is computed once, whole; the hour once, whole; nothing is left queued
            assertThat(beforeClose).isZero();
            assertThat(afterClose).isEqualTo(1);
            assertThat(hourOpen).isZero();
            assertThat(afterHour).isEqualTo(1);
            assertThat(count(c, "SELECT count FROM metrics_1m WHERE bucket = '" + m + "'")).isEqualTo(3);
            assertThat(rows(c, ROLLED_1M)).isEqualTo(rows(c, RAW_1M));
            assertThat(rows(c, ROLLED_1H)).isEqualTo(rows(c, RAW_1H));
            assertThat(count(c, "SELECT count(*) FROM rollup_queue")).isZero();
            assertThat(count(c, "SELECT count(*) FROM rollup_queue_1h")).isZero();
        }
    }

    private static MetricPoint point(double value, Instant at) {
        return MetricPoint.gauge("cpu_temp", value, TestBatches.nanos(at), io.edgeobs.model.Tags.EMPTY);
    }

    @Test
    void shouldDoNothingWhenNothingWasWritten() throws Exception {
        // Given
        PostgresDialect dialect = new PostgresDialect(Retention.DEFAULTS, 3);
        DataSource ds = databases.migrated(dialect, NOW);

        try (Connection c = ds.getConnection()) {
            // When
            long rows = dialect.rollUp(c, NOW.plus(1, ChronoUnit.HOURS));

            // Then
            assertThat(rows).isZero();
            assertThat(count(c, "SELECT count(*) FROM metrics_1m")).isZero();
        }
    }
}

package io.edgeobs.ingest.storage;

import io.edgeobs.ingest.storage.postgresql.PostgresDialect;
import io.edgeobs.ingest.storage.write.BatchWriter;
import io.edgeobs.ingest.storage.write.SeriesResolver;
import io.edgeobs.ingest.testing.Databases;
import io.edgeobs.ingest.testing.TestBatches;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;

import static io.edgeobs.ingest.testing.Databases.count;
import static io.edgeobs.ingest.testing.Databases.rows;
import static org.assertj.core.api.Assertions.assertThat;

class PartitionMaintenanceTest {

    private static final Instant NOW = Instant.parse("2026-01-20T12:00:00Z");
    private static final String PARTITIONS = "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            + "WHERE i.inhparent = '%s'::regclass ORDER BY 1";
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
    void shouldCreatePartitionsFromTheRetentionHorizonToDaysAhead() throws Exception {
        // Given / When: prepared at NOW with 7 days of raw retention and 3 days ahead
        DataSource ds = databases.migrated(new PostgresDialect(Retention.DEFAULTS, 3), NOW);

        // Then
        try (Connection c = ds.getConnection()) {
            assertThat(rows(c, PARTITIONS.formatted("metric_points"))).extracting(r -> r.get(0))
                    .containsExactly("metric_points_p20260113", "metric_points_p20260114", "metric_points_p20260115",
                            "metric_points_p20260116", "metric_points_p20260117", "metric_points_p20260118",
                            "metric_points_p20260119", "metric_points_p20260120", "metric_points_p20260121",
                            "metric_points_p20260122", "metric_points_p20260123");
            assertThat(rows(c, PARTITIONS.formatted("metrics_1h"))).extracting(r -> r.get(0))
                    .startsWith("metrics_1h_p202401").endsWith("metrics_1h_p202601").hasSize(25);
            assertThat(count(c, PARTITIONS.formatted("metrics_1m").replace("c.relname", "count(*)")
                    .replace(" ORDER BY 1", ""))).isEqualTo(91 + 3);
        }
    }

    @Test
    void shouldDropExpiredPartitionsWithTheirRowsAndCreateNewOnesAhead() throws Exception {
        // Given: a point in the oldest day kept, and one today
        PostgresDialect dialect = new PostgresDialect(Retention.DEFAULTS, 3);
        DataSource ds = databases.migrated(dialect, NOW);
        BatchWriter writer = new BatchWriter(dialect, new SeriesResolver(100), EnumSet.allOf(io.edgeobs.model.Signal.class),
                Clock.fixed(NOW, ZoneOffset.UTC));
        try (Connection c = ds.getConnection()) {
            writer.write(c, io.edgeobs.ingest.testing.TestBatches.incoming(List.of(
                    TestBatches.metrics("acme", "dev-1", 1, Instant.parse("2026-01-13T06:00:00Z"), 5, 5),
                    TestBatches.metrics("acme", "dev-1", 2, NOW, 5, 5))));

            // When: maintenance runs a day and 14 hours later
            String summary = dialect.maintain(c, Instant.parse("2026-01-22T02:00:00Z"));

            // Then: 2026-01-13 and -14 are past 7 days plus the grace hour; -15 stays until 2026-01-22T01:00
            assertThat(summary).contains("dropped");
            assertThat(rows(c, PARTITIONS.formatted("metric_points"))).extracting(r -> r.get(0))
                    .doesNotContain("metric_points_p20260113", "metric_points_p20260114")
                    .contains("metric_points_p20260115", "metric_points_p20260125");
            assertThat(count(c, "SELECT count(*) FROM metric_points")).isEqualTo(5);
            assertThat(count(c, "SELECT count(*) FROM metric_points WHERE ts < '2026-01-14'")).isZero();
        }
    }

    @Test
    void shouldCreateAMissingPartitionWhenAWriteNeedsIt() throws Exception {
        // Given: the partition of an old day within retention was dropped by hand, and the service restarted
        DataSource ds = databases.migrated(new PostgresDialect(Retention.DEFAULTS, 3), NOW);
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("DROP TABLE metric_points_p20260116");
            BatchWriter writer = new BatchWriter(new PostgresDialect(Retention.DEFAULTS, 3), new SeriesResolver(100), EnumSet.allOf(io.edgeobs.model.Signal.class),
                    Clock.fixed(NOW, ZoneOffset.UTC));

            // When
            writer.write(c, io.edgeobs.ingest.testing.TestBatches.incoming(List.of(
                    TestBatches.metrics("acme", "dev-1", 1, Instant.parse("2026-01-16T23:59:00Z"), 3, 3))));

            // Then
            assertThat(count(c, "SELECT count(*) FROM metric_points_p20260116")).isEqualTo(3);
        }
    }
}

package io.edgeobs.ingest.pipeline;

import io.agroal.api.AgroalDataSource;
import io.edgeobs.ingest.testing.IngestTestProfile;
import io.edgeobs.ingest.testing.KafkaChecks;
import io.edgeobs.ingest.testing.TestBatches;
import io.edgeobs.ingest.testing.TestProducer;
import io.edgeobs.model.Batch;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.edgeobs.ingest.testing.Databases.count;
import static io.edgeobs.ingest.testing.Databases.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@TestProfile(IngestTestProfile.class)
class IngestPipelineTest {

    static final List<String> TOPICS = List.of("edgeobs.metrics", "edgeobs.spans", "edgeobs.logs");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    io.edgeobs.ingest.maintenance.Maintenance maintenance;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "edgeobs.schema-registry.url")
    String registryUrl;

    TestProducer producer;
    String tenant;

    @BeforeEach
    void setUp() {
        producer = new TestProducer(bootstrap, registryUrl);
        tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    long query(String sql) {
        try (Connection c = dataSource.getConnection()) {
            return count(c, sql.replace("$TENANT", "'" + tenant + "'"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    List<List<Object>> select(String sql) {
        try (Connection c = dataSource.getConnection()) {
            return rows(c, sql.replace("$TENANT", "'" + tenant + "'"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void awaitConsumed() {
        await().atMost(Duration.ofSeconds(60)).until(() -> KafkaChecks.uncommitted(bootstrap, "edgeobs-ingest", TOPICS) == 0);
    }

    @Test
    void shouldStoreMetricsSpansAndLogsFromKafkaWithTheirDevice() {
        // Given
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        // When
        producer.send(TestBatches.metrics(tenant, "dev-1", 1, now.minusSeconds(120), 300, 30));
        producer.send(TestBatches.spans(tenant, "dev-1", 1, now.minusSeconds(60), 4));
        producer.send(TestBatches.logs(tenant, "dev-1", 1, now.minusSeconds(30), 6));

        // Then
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(query("SELECT count(*) FROM metric_points p JOIN series s ON s.id = p.series_id WHERE s.tenant = $TENANT"))
                    .isEqualTo(300);
            assertThat(query("SELECT count(*) FROM spans WHERE tenant = $TENANT")).isEqualTo(4);
            assertThat(query("SELECT count(*) FROM logs WHERE tenant = $TENANT")).isEqualTo(6);
        });
        assertThat(query("SELECT count(*) FROM series WHERE tenant = $TENANT AND name = 'test_metric' AND unit = 'celsius' "
                + "AND kind = 'gauge' AND tags ? 'n'")).isEqualTo(30);
        assertThat(query("SELECT sum(value)::bigint FROM metric_points p JOIN series s ON s.id = p.series_id "
                + "WHERE s.tenant = $TENANT")).isEqualTo(1000L * 300 + 299L * 300 / 2);
        assertThat(query("SELECT count(*) FROM spans WHERE tenant = $TENANT AND service = 'checkout' "
                + "AND duration_ns >= 11000000 AND events->0->>'name' = 'retry'")).isEqualTo(3);
        assertThat(query("SELECT count(*) FROM span_operations WHERE tenant = $TENANT")).isEqualTo(3);
        assertThat(query("SELECT count(*) FROM logs WHERE tenant = $TENANT AND search @@ plainto_tsquery('simple', "
                + "'disk full') AND (fields->>'used_pct')::int >= 91")).isEqualTo(6);
        assertThat(select("SELECT device_id, fleet, device_type, agent_version, gateway_id, region FROM devices "
                + "WHERE tenant = $TENANT")).containsExactly(List.of("dev-1", "fleet-a", "rpi4", "0.1.0", "gw-1", "eu-west"));
    }

    @Test
    void shouldStoreEveryBatchOnceWhenTheSameBatchesAreProducedThreeTimes() {
        // Given: 20 device batches, each resent twice through the gateway (same batch_seq, new received_at)
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Batch> batches = new ArrayList<>();
        for (int seq = 1; seq <= 20; seq++) {
            batches.add(TestBatches.metrics(tenant, "dev-" + (seq % 4), seq, now.minusSeconds(600).plusSeconds(10L * seq), 50, 10));
        }

        // When
        for (int round = 0; round < 3; round++) {
            for (Batch b : batches) {
                producer.send(b.withEnvelope(TestBatches.envelope(now.plusMillis(round))));
            }
        }
        awaitConsumed();

        // Then
        assertThat(query("SELECT count(*) FROM metric_points p JOIN series s ON s.id = p.series_id WHERE s.tenant = $TENANT"))
                .isEqualTo(20 * 50);
        assertThat(query("SELECT count(*) FROM ingest_ledger WHERE tenant = $TENANT")).isEqualTo(20);
        assertThat(query("SELECT count(DISTINCT (series_id, ts)) FROM metric_points p JOIN series s ON s.id = p.series_id "
                + "WHERE s.tenant = $TENANT")).isEqualTo(20 * 50);
    }

    @Test
    void shouldStoreGatewayMadeBatchesOnceByTheirContent() {
        // Given: two different aggregates without a batch_seq, the first one produced twice
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Batch first = TestBatches.metrics(tenant, "gw-agg", 0, now.minusSeconds(60), 10, 10);
        Batch second = TestBatches.metrics(tenant, "gw-agg", 0, now.minusSeconds(30), 10, 10);

        // When
        producer.send(first, "content");
        producer.send(first, "content");
        producer.send(second, "content");
        awaitConsumed();

        // Then
        assertThat(query("SELECT count(*) FROM metric_points p JOIN series s ON s.id = p.series_id WHERE s.tenant = $TENANT"))
                .isEqualTo(20);
        assertThat(query("SELECT count(*) FROM ingest_ledger WHERE tenant = $TENANT AND batch_seq = 0 "
                + "AND length(content_id) = 64")).isEqualTo(2);
    }

    @Test
    void shouldStoreLateDataAndCountAndDropDataOlderThanRetention() {
        // Given: a device back after 30 hours offline, with a few points from 8 days ago
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<MetricPoint> points = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            points.add(MetricPoint.gauge("late_metric", i, TestBatches.nanos(now.minus(30, ChronoUnit.HOURS).plusSeconds(i)),
                    Tags.of("k", "v")));
            points.add(MetricPoint.gauge("late_metric", 100 + i, TestBatches.nanos(now.minus(8, ChronoUnit.DAYS).plusSeconds(i)),
                    Tags.of("k", "v")));
        }

        // When
        producer.send(TestBatches.metrics(tenant, "dev-late", 7, now, points));

        // Then
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(query(
                "SELECT count(*) FROM ingest_ledger WHERE tenant = $TENANT")).isEqualTo(1));
        assertThat(query("SELECT count(*) FROM metric_points p JOIN series s ON s.id = p.series_id WHERE s.tenant = $TENANT"))
                .isEqualTo(5);
        assertThat(query("SELECT max(value)::bigint FROM metric_points p JOIN series s ON s.id = p.series_id "
                + "WHERE s.tenant = $TENANT")).isEqualTo(4);
        assertThat(io.edgeobs.ingest.testing.Metrics.scrape()).containsPattern(
                "edgeobs_ingest_dropped_records_total\\{reason=\"expired\",signal=\"metrics\",?\\} [1-9]");
    }

    @Test
    void shouldUpdateTheFleetViewFromTheAgentsSelfTelemetry() {
        // Given: the agent's own metrics in one of its metrics batches
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long t0 = TestBatches.nanos(now.minusSeconds(20));
        long t1 = TestBatches.nanos(now.minusSeconds(10));
        List<MetricPoint> points = List.of(
                MetricPoint.gauge("edgeobs_agent_buffer_bytes", 1000, t0, Tags.of("signal", "metrics")),
                MetricPoint.gauge("edgeobs_agent_buffer_bytes", 4096, t1, Tags.of("signal", "metrics")),
                MetricPoint.gauge("edgeobs_agent_buffer_bytes", 512, t1, Tags.of("signal", "logs")),
                MetricPoint.gauge("edgeobs_agent_buffer_budget_bytes", 65536, t1, Tags.of("signal", "metrics")),
                MetricPoint.counter("edgeobs_agent_buffer_dropped_total", 3, t1, Tags.of("signal", "logs", "reason", "budget")),
                MetricPoint.gauge("edgeobs_agent_export_lag", 12, t1, Tags.of("signal", "metrics")),
                MetricPoint.gauge("cpu_temp", 51.5, t1, Tags.EMPTY));

        // When
        producer.send(TestBatches.metrics(tenant, "dev-self", 1, now, points));

        // Then
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(select(
                "SELECT buffer_bytes, buffer_budget_bytes, dropped_records, export_lag FROM devices WHERE tenant = $TENANT"))
                .containsExactly(List.of(4608.0, 65536.0, 3.0, 12.0)));
        assertThat(query("SELECT count(*) FROM devices WHERE tenant = $TENANT AND self_telemetry_at = to_timestamp("
                + (now.getEpochSecond() - 10) + ")")).isEqualTo(1);
    }

    @Test
    void shouldRollUpStoredPointsWhenTheJobRunsAndKeepPartitionsAhead() {
        // Given: 10 minutes of points of 5 series
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
        producer.send(TestBatches.metrics(tenant, "dev-r", 1, start, 3000, 5));
        await().atMost(Duration.ofSeconds(60)).until(() -> query("SELECT count(*) FROM ingest_ledger WHERE tenant = $TENANT") == 1);

        // When
        long rows = maintenance.rollUpOnce();
        String summary = maintenance.maintainOnce();

        // Then
        assertThat(rows).isPositive();
        assertThat(summary).startsWith("partitions created");
        String mine = "series_id IN (SELECT id FROM series WHERE tenant = $TENANT)";
        assertThat(select("SELECT series_id, bucket, min, max, round(avg::numeric, 6), sum, count, last FROM metrics_1m "
                + "WHERE " + mine + " ORDER BY 1, 2")).hasSize(5 * 10).isEqualTo(select(
                "SELECT series_id, date_bin('1 minute', ts, timestamptz '2000-01-01 00:00:00+00') AS b, min(value), max(value), "
                        + "round(avg(value)::numeric, 6), sum(value), count(*), (array_agg(value ORDER BY ts DESC))[1] "
                        + "FROM metric_points WHERE " + mine + " GROUP BY 1, 2 ORDER BY 1, 2"));
        assertThat(query("SELECT sum(count) FROM metrics_1h WHERE " + mine)).isEqualTo(3000);
        assertThat(query("SELECT count(*) FROM pg_class WHERE relname = 'metric_points_p' || to_char((now() AT TIME ZONE 'UTC') + interval '3 days', 'YYYYMMDD')"))
                .isEqualTo(1);
    }
}

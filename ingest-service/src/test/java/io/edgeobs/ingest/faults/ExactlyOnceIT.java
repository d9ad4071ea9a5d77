package io.edgeobs.ingest.faults;

import io.edgeobs.ingest.testing.KafkaChecks;
import io.edgeobs.ingest.testing.TestBatches;
import io.edgeobs.ingest.testing.TestProducer;
import io.edgeobs.model.Batch;
import io.edgeobs.testsupport.kafka.EmbeddedKafka;
import io.edgeobs.testsupport.postgres.EmbeddedPostgresServer;
import io.edgeobs.testsupport.process.AppProcess;
import io.edgeobs.testsupport.registry.SchemaRegistryProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.edgeobs.ingest.testing.Databases.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactly once per batch against the packaged service: every batch produced three times (as a gateway resending
 * would), and the service killed with SIGKILL twice while it is writing, so it dies inside transactions and
 * between a transaction's commit and the offset commit. Every row must be there exactly once. The service
 * restarts with the same static group membership ({@code instance-id}), so it takes its partitions back at once
 * instead of after the dead consumers' session timeout.
 */
class ExactlyOnceIT {

    static final List<String> TOPICS = List.of("edgeobs.metrics", "edgeobs.spans", "edgeobs.logs");
    private static final int BATCHES = 240;
    private static final int POINTS = 500;

    @Test
    void shouldStoreEveryRowExactlyOnceWhenBatchesRepeatAndTheServiceIsKilledWhileWriting() throws Exception {
        Path logs = java.nio.file.Files.createTempDirectory("exactly-once-it-");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().autoCreateTopics(false).start();
             EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();
             SchemaRegistryProcess registry = SchemaRegistryProcess.start(logs.resolve("registry.log"))) {
            // Given: 240 device batches of 500 points, each produced three times, shuffled within each device
            kafka.createTopic("edgeobs.metrics", 3);
            kafka.createTopic("edgeobs.spans", 1);
            kafka.createTopic("edgeobs.logs", 1);
            kafka.createTopic("edgeobs.dlq", 1);
            produceBacklog(kafka, registry);
            String jdbc = pg.createDatabase("ingest");
            Map<String, String> config = IngestProcess.config(jdbc, kafka.bootstrapServers(), registry.url(),
                    Map.of("edgeobs.ingest.kafka.max-poll-records", "20",
                            "edgeobs.ingest.kafka.instance-id", "exactly-once-it"));

            // When: killed twice while writing, then left to finish
            for (int kill = 1; kill <= 2; kill++) {
                AppProcess app = IngestProcess.start(config, logs.resolve("ingest-" + kill + ".log"));
                try {
                    long floor = kill * (long) BATCHES * POINTS / 4;
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                            .until(() -> points(pg, jdbc) >= floor);
                } finally {
                    app.kill();
                }
            }
            long beforeLastStart = points(pg, jdbc);
            try (AppProcess app = IngestProcess.start(config, logs.resolve("ingest-3.log"))) {
                await().atMost(Duration.ofSeconds(180)).until(() ->
                        KafkaChecks.uncommitted(kafka.bootstrapServers(), "edgeobs-ingest", TOPICS) == 0);

                // Then
                try (Connection c = pg.connect("ingest")) {
                    assertThat(beforeLastStart).isLessThan((long) BATCHES * POINTS);
                    assertThat(count(c, "SELECT count(*) FROM metric_points")).isEqualTo((long) BATCHES * POINTS);
                    assertThat(count(c, "SELECT count(*) FROM (SELECT series_id, ts, value FROM metric_points "
                            + "GROUP BY 1, 2, 3 HAVING count(*) > 1) d")).isZero();
                    assertThat(count(c, "SELECT count(*) FROM ingest_ledger")).isEqualTo(BATCHES);
                    assertThat(count(c, "SELECT sum(records) FROM ingest_ledger")).isEqualTo((long) BATCHES * POINTS);
                    assertThat(count(c, "SELECT count(*) FROM series")).isEqualTo(12 * 50);
                }
                assertThat(KafkaChecks.read(kafka.bootstrapServers(), "edgeobs.dlq", r -> true)).isEmpty();
            }
        }
    }

    @Test
    void shouldStoreEveryRowExactlyOnceWhileInstancesJoinLeaveAndCrash() throws Exception {
        Path logs = java.nio.file.Files.createTempDirectory("rebalance-it-");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().autoCreateTopics(false).start();
             EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();
             SchemaRegistryProcess registry = SchemaRegistryProcess.start(logs.resolve("registry.log"))) {
            // Given: the same backlog, and two instances of one consumer each sharing the group
            kafka.createTopic("edgeobs.metrics", 4);
            kafka.createTopic("edgeobs.spans", 1);
            kafka.createTopic("edgeobs.logs", 1);
            kafka.createTopic("edgeobs.dlq", 1);
            produceBacklog(kafka, registry);
            String jdbc = pg.createDatabase("ingest");
            Map<String, String> config = IngestProcess.config(jdbc, kafka.bootstrapServers(), registry.url(), Map.of(
                    "edgeobs.ingest.kafka.max-poll-records", "20", "edgeobs.ingest.kafka.consumers", "1",
                    "edgeobs.ingest.kafka.session-timeout", "8s"));
            AppProcess a = IngestProcess.start(config, logs.resolve("a.log"));
            AppProcess b = IngestProcess.start(config, logs.resolve("b.log"));
            AppProcess c = null;
            try {
                // When: b leaves while both write, c joins, then a crashes
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                        .until(() -> points(pg, jdbc) >= (long) BATCHES * POINTS / 4);
                b.close();
                c = IngestProcess.start(config, logs.resolve("c.log"));
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                        .until(() -> points(pg, jdbc) >= (long) BATCHES * POINTS / 2);
                a.kill();
                await().atMost(Duration.ofSeconds(180)).until(() ->
                        KafkaChecks.uncommitted(kafka.bootstrapServers(), "edgeobs-ingest", TOPICS) == 0);

                // Then
                try (Connection db = pg.connect("ingest")) {
                    assertThat(count(db, "SELECT count(*) FROM metric_points")).isEqualTo((long) BATCHES * POINTS);
                    assertThat(count(db, "SELECT count(*) FROM (SELECT series_id, ts, value FROM metric_points "
                            + "GROUP BY 1, 2, 3 HAVING count(*) > 1) d")).isZero();
                    assertThat(count(db, "SELECT count(*) FROM ingest_ledger")).isEqualTo(BATCHES);
                    assertThat(count(db, "SELECT count(*) FROM series")).isEqualTo(12 * 50);
                    assertThat(count(db, "SELECT count(*) FROM devices")).isEqualTo(12);
                }
            } finally {
                a.kill();
                b.kill();
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    /** Each batch produced three times (as a gateway resending would), shuffled. */
    private static void produceBacklog(EmbeddedKafka kafka, SchemaRegistryProcess registry) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Batch> records = new ArrayList<>();
        for (int seq = 1; seq <= BATCHES; seq++) {
            Batch b = TestBatches.metrics("acme", "dev-" + seq % 12, seq, now.minusSeconds(3600).plusSeconds(seq * 10L),
                    POINTS, 50);
            for (int copy = 0; copy < 3; copy++) {
                records.add(b.withEnvelope(TestBatches.envelope(now.plusMillis(copy))));
            }
        }
        Collections.shuffle(records, new Random(7));
        try (TestProducer producer = new TestProducer(kafka.bootstrapServers(), registry.url())) {
            records.forEach(producer::sendAsync);
            producer.flush();
        }
    }

    static long points(EmbeddedPostgresServer pg, String jdbc) {
        try (Connection c = pg.connect("ingest")) {
            return count(c, "SELECT count(*) FROM metric_points");
        } catch (Exception e) {
            return 0;
        }
    }
}

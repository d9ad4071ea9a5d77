package io.edgeobs.ingest.faults;

import io.edgeobs.ingest.testing.KafkaChecks;
import io.edgeobs.ingest.testing.TestBatches;
import io.edgeobs.ingest.testing.TestProducer;
import io.edgeobs.testsupport.DataDirs;
import io.edgeobs.testsupport.FreePorts;
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
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.edgeobs.ingest.testing.Databases.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database stopped for 30 s while batches keep arriving: the service stays alive but reports not ready,
 * loses and duplicates nothing, and catches up by itself when the database is back.
 */
class DatabaseOutageIT {

    private static final int BATCHES = 400;
    private static final int POINTS = 250;

    @Test
    void shouldLoseAndDuplicateNothingAndRecoverByItselfWhenTheDatabaseStopsFor30SecondsUnderLoad() throws Exception {
        Path logs = java.nio.file.Files.createTempDirectory("database-outage-it-");
        Path pgData = DataDirs.temporary("outage-pg-");
        int pgPort = FreePorts.pick();
        EmbeddedPostgresServer[] pg = {EmbeddedPostgresServer.builder().dataDir(pgData).port(pgPort).start()};
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().autoCreateTopics(false).start();
             SchemaRegistryProcess registry = SchemaRegistryProcess.start(logs.resolve("registry.log"));
             TestProducer producer = new TestProducer(kafka.bootstrapServers(), registry.url())) {
            kafka.createTopic("edgeobs.metrics", 3);
            kafka.createTopic("edgeobs.spans", 1);
            kafka.createTopic("edgeobs.logs", 1);
            kafka.createTopic("edgeobs.dlq", 1);
            String jdbc = pg[0].createDatabase("ingest");
            Map<String, String> config = IngestProcess.config(jdbc, kafka.bootstrapServers(), registry.url(), Map.of());
            try (AppProcess app = IngestProcess.start(config, logs.resolve("ingest.log"))) {
                // Given: 400 batches from 20 devices, 10 a second (40 s of load)
                Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                AtomicInteger sent = new AtomicInteger();
                load.scheduleAtFixedRate(() -> {
                    int seq = sent.get() + 1;
                    if (seq <= BATCHES) {
                        producer.sendAsync(TestBatches.metrics("acme", "dev-" + seq % 20, seq,
                                now.minusSeconds(7200).plusSeconds(seq * 5L), POINTS, 50));
                        sent.set(seq);
                    }
                }, 0, 100, TimeUnit.MILLISECONDS);
                await().atMost(Duration.ofSeconds(60)).until(() -> points(pg[0]) >= 10L * POINTS);

                // When: the database stops for 30 s
                pg[0].close();
                await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/q/health/ready") == 503);
                await().during(Duration.ofSeconds(28)).atMost(Duration.ofSeconds(40))
                        .until(() -> app.isAlive() && app.get("/q/health/live") == 200 && app.get("/q/health/ready") == 503);
                pg[0] = EmbeddedPostgresServer.builder().dataDir(pgData).port(pgPort).start();

                // Then
                await().atMost(Duration.ofSeconds(60)).until(() -> app.get("/q/health/ready") == 200);
                await().atMost(Duration.ofSeconds(120)).until(() -> sent.get() == BATCHES
                        && KafkaChecks.uncommitted(kafka.bootstrapServers(), "edgeobs-ingest", ExactlyOnceIT.TOPICS) == 0);
                try (Connection c = pg[0].connect("ingest")) {
                    assertThat(count(c, "SELECT count(*) FROM metric_points")).isEqualTo((long) BATCHES * POINTS);
                    assertThat(count(c, "SELECT count(*) FROM ingest_ledger")).isEqualTo(BATCHES);
                    assertThat(count(c, "SELECT count(*) FROM (SELECT series_id, ts, value FROM metric_points "
                            + "GROUP BY 1, 2, 3 HAVING count(*) > 1) d")).isZero();
                }
                assertThat(app.isAlive()).isTrue();
                assertThat(app.tail(400)).contains("database unavailable").contains("is available again");
            }
        } finally {
            load.shutdownNow();
            pg[0].close();
            DataDirs.deleteRecursively(pgData);
        }
    }

    private static long points(EmbeddedPostgresServer pg) {
        try (Connection c = pg.connect("ingest")) {
            return count(c, "SELECT count(*) FROM metric_points");
        } catch (Exception e) {
            return 0;
        }
    }
}

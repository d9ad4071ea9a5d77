package io.edgeobs.gateway.it;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged gateway under load through the faults the issue names: the central Kafka stopped for 30 s, and the
 * gateway itself killed with SIGKILL. Everything the gateway acknowledged must reach Kafka, in order per device.
 */
class StoreAndForwardIT {

    private static final Logger LOG = Logger.getLogger(StoreAndForwardIT.class);
    private static final int DEVICES = 8;

    @Test
    void shouldDeliverEverythingAcceptedWhileKafkaWasDownForThirtySeconds() throws Exception {
        // Given a gateway whose producer gives up on a request after 10 s (so rounds are rebuilt and sent again)
        try (ItStack stack = new ItStack(Map.of("edgeobs.gateway.kafka.delivery-timeout", "10S",
                "edgeobs.gateway.kafka.request-timeout", "5S", "edgeobs.gateway.forward.retry-max", "2S"))) {
            stack.startGateway();
            String token = stack.deviceToken("it", "fleet-a");
            try (DeviceLoad load = new DeviceLoad(stack.url(), token, DEVICES, 20);
                 KafkaContents kafka = new KafkaContents(stack.bootstrapServers(), "edgeobs.metrics")) {
                // When, under load, Kafka stops for 30 s and starts again
                await().atMost(Duration.ofSeconds(30)).until(() -> load.total() > 200);
                stack.stopKafka();
                long beforeOutage = load.total();
                long outageStart = System.nanoTime();
                await().pollDelay(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(31)).until(() -> true);
                long duringOutage = load.total() - beforeOutage;
                stack.startKafka();
                await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
                load.close();

                LOG.infof("%d batches accepted during the 30 s Kafka outage, %d refused attempts", duringOutage, load.refused());
                // Then intake went on during the outage, and every acknowledged batch reaches Kafka, in order per device
                assertThat(duringOutage).as("batches accepted while Kafka was down").isGreaterThan(100);
                Map<String, Long> acked = load.acknowledged();
                await().atMost(Duration.ofSeconds(120)).until(() -> kafka.holdsAll(acked));
                assertInOrderAndComplete(kafka.poll(), acked);
                assertThat(System.nanoTime() - outageStart).isGreaterThan(Duration.ofSeconds(30).toNanos());
            }
        }
    }

    @Test
    void shouldLoseNothingAcknowledgedWhenKilledWithSigkillUnderLoad() throws Exception {
        try (ItStack stack = new ItStack(Map.of())) {
            stack.startGateway();
            String token = stack.deviceToken("it", "fleet-a");
            try (DeviceLoad load = new DeviceLoad(stack.url(), token, DEVICES, 10);
                 KafkaContents kafka = new KafkaContents(stack.bootstrapServers(), "edgeobs.metrics")) {
                // When the gateway is killed with SIGKILL three times under load and started again each time
                for (int kill = 0; kill < 3; kill++) {
                    long before = load.total();
                    await().atMost(Duration.ofSeconds(60)).until(() -> load.total() > before + 150);
                    stack.killGateway();
                    stack.startGateway();
                }
                long before = load.total();
                await().atMost(Duration.ofSeconds(60)).until(() -> load.total() > before + 100);
                load.close();

                // Then every batch it acknowledged is on Kafka, in order per device; a batch sent twice has one id
                Map<String, Long> acked = load.acknowledged();
                await().atMost(Duration.ofSeconds(120)).until(() -> kafka.holdsAll(acked));
                assertInOrderAndComplete(kafka.poll(), acked);
            }
        }
    }

    @Test
    void shouldPushBackWith503AndRetryAfterWhenItsLogIsFull() throws Exception {
        // Given a gateway with a tiny log and no forwarding (as if Kafka had been away for long)
        try (ItStack stack = new ItStack(Map.of("edgeobs.gateway.log.budget", "600K", "edgeobs.gateway.log.segment-size",
                "64K", "edgeobs.gateway.forward.enabled", "false", "edgeobs.gateway.log.block-timeout", "100ms"))) {
            stack.startGateway();
            String token = stack.deviceToken("it", "fleet-a");
            var http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> r = null;
            // When batches keep coming, then the gateway answers 503 with Retry-After, and says why
            for (int seq = 1; seq < 10_000; seq++) {
                byte[] body = io.edgeobs.model.codec.BatchCodec.encode(DeviceLoad.batch("dev-0", seq));
                r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.url() + "/v1/batches"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-protobuf")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    break;
                }
            }
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(r.body()).contains("metrics log is full");
        }
    }

    private static void assertInOrderAndComplete(Map<String, List<KafkaContents.Delivered>> delivered, Map<String, Long> acked) {
        assertThat(acked).hasSize(DEVICES);
        for (Map.Entry<String, Long> e : acked.entrySet()) {
            List<KafkaContents.Delivered> batches = delivered.get(e.getKey());
            List<Long> firstSeen = batches.stream().map(KafkaContents.Delivered::seq).distinct().toList();
            assertThat(firstSeen).as("batches of %s in Kafka order", e.getKey()).isSorted();
            assertThat(firstSeen).as("batches of %s", e.getKey()).startsWith(1L).contains(e.getValue());
            assertThat(firstSeen.get(firstSeen.size() - 1) - firstSeen.size() + 1).as("no gaps for %s", e.getKey())
                    .isEqualTo(1);
            assertThat(batches).allMatch(b -> b.points() == DeviceLoad.POINTS);
        }
        long records = delivered.values().stream().mapToLong(List::size).sum();
        long distinct = delivered.values().stream().mapToLong(l -> l.stream().map(KafkaContents.Delivered::seq).distinct()
                .count()).sum();
        long replayed = delivered.values().stream().mapToLong(l -> l.size() - l.stream()
                .map(KafkaContents.Delivered::batchId).distinct().count()).sum();
        LOG.infof("Kafka holds %d records for %d distinct batches (%d acknowledged): %d duplicates, %d of them replays "
                + "with the same batch id", records, distinct, acked.values().stream().mapToLong(Long::longValue).sum(),
                records - distinct, replayed);
    }
}

package io.edgeobs.gateway.remotewrite;

import io.edgeobs.gateway.remotewrite.proto.Label;
import io.edgeobs.gateway.remotewrite.proto.MetricMetadata;
import io.edgeobs.gateway.remotewrite.proto.Sample;
import io.edgeobs.gateway.remotewrite.proto.TimeSeries;
import io.edgeobs.gateway.remotewrite.proto.WriteRequest;
import io.edgeobs.gateway.support.Gateway;
import io.edgeobs.gateway.support.KafkaRecords;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import java.net.URL;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** Prometheus remote_write 1.0: the real Prometheus agent, and hand-made requests for the edge cases. */
@QuarkusTest
class RemoteWriteTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource
    URL url;

    @Test
    void shouldTakeWhatARealPrometheusAgentRemoteWrites() {
        // Given Prometheus in agent mode scraping the gateway's own /q/metrics and writing to it with an api-key
        String key = Gateway.issue("api-key", "prom-tenant", "dc-1", null);
        String target = url.getHost() + ":" + url.getPort();
        try (PrometheusAgent prometheus = PrometheusAgent.start(target, "/q/metrics", url + "api/v1/write", key);
             KafkaRecords kafka = new KafkaRecords(KafkaRecords.bootstrapServers(), "edgeobs.metrics")) {
            // Then its samples reach Kafka: the scrape's own "up" series and the gateway's build info
            List<KafkaRecords.Read> reads;
            try {
                reads = kafka.await(r -> r.key().startsWith("prom-tenant/"), l -> l.stream()
                        .flatMap(r -> r.batch().metrics().stream())
                        .anyMatch(p -> p.name().equals("edgeobs_build_info")), WAIT);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("nothing from Prometheus on Kafka; its log:\n" + prometheus.log(), e);
            }
            List<MetricPoint> points = reads.stream().flatMap(r -> r.batch().metrics().stream()).toList();
            assertThat(points).anySatisfy(p -> {
                assertThat(p.name()).isEqualTo("up");
                assertThat(p.value()).isEqualTo(1.0);
                assertThat(p.tags()).containsEntry("job", "gateway").containsEntry("instance", target)
                        .containsEntry("agent", "it");
            });
            assertThat(points).anySatisfy(p -> assertThat(p.tags()).containsEntry("service", "edge-gateway"));
            assertThat(reads.get(0).batch().resource().fleet()).isEqualTo("dc-1");
            assertThat(reads.get(0).headers()).containsEntry("edgeobs.dedup", "content");
        }
    }

    @Test
    void shouldUseMetadataForKindsDropStaleMarkersAndRefuseInvalidSamplesWith400() throws Exception {
        // Given a request declaring a counter, with a good sample, a staleness marker and a negative count
        String key = Gateway.issueNamed("api-key", "rw-tenant", "dc-1", "prom-a");
        long now = System.currentTimeMillis();
        WriteRequest request = WriteRequest.newBuilder()
                .addMetadata(MetricMetadata.newBuilder().setType(MetricMetadata.MetricType.COUNTER)
                        .setMetricFamilyName("jobs_total").setUnit(""))
                .addTimeseries(series("jobs_total", "queue", "a", Sample.newBuilder().setValue(12).setTimestamp(now).build(),
                        Sample.newBuilder().setValue(Double.longBitsToDouble(WriteRequests.STALE_NAN)).setTimestamp(now + 1).build()))
                .addTimeseries(series("jobs_total", "queue", "b", Sample.newBuilder().setValue(-1).setTimestamp(now).build()))
                .build();

        // When it is written, the answer is 400 naming the invalid sample
        post(key, Snappy.compress(request.toByteArray())).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("1 samples accepted, 1 refused"))
                .body("detail", containsString("must be finite and not negative"));

        // Then the valid sample is on Kafka as a counter, the marker is not
        try (KafkaRecords kafka = new KafkaRecords(KafkaRecords.bootstrapServers(), "edgeobs.metrics")) {
            KafkaRecords.Read r = kafka.awaitFrom("rw-tenant", 1, WAIT).get(0);
            assertThat(r.key()).isEqualTo("rw-tenant/prom-a");
            assertThat(r.batch().metrics()).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(MetricKind.COUNTER);
                assertThat(p.value()).isEqualTo(12.0);
                assertThat(p.timestampUnixNanos()).isEqualTo(now * 1_000_000L);
                assertThat(p.tags()).containsEntry("queue", "a");
            });
        }
    }

    @Test
    void shouldRefuseWhatIsNotRemoteWrite() throws Exception {
        String key = Gateway.issue("api-key", "rw-bad", "dc-1", null);
        post(key, new byte[] {1, 2, 3, 4, 5}).then().statusCode(400).body("detail", containsString("snappy"));
        post(key, Snappy.compress(new byte[] {0x0a, (byte) 0xff})).then().statusCode(400)
                .body("detail", containsString("not a prometheus.WriteRequest"));
        given().header("Authorization", "Bearer " + key).contentType("application/x-protobuf")
                .body(Snappy.compress(WriteRequest.getDefaultInstance().toByteArray())).post("/api/v1/write").then()
                .statusCode(415).body("detail", containsString("Content-Encoding must be snappy"));
        given().contentType("application/x-protobuf").header("Content-Encoding", "snappy").body(new byte[0])
                .post("/api/v1/write").then().statusCode(401);
        // an empty request is fine
        post(key, Snappy.compress(WriteRequest.getDefaultInstance().toByteArray())).then().statusCode(204);
    }

    private static io.restassured.response.Response post(String key, byte[] body) {
        return given().header("Authorization", "Bearer " + key).contentType("application/x-protobuf")
                .header("Content-Encoding", "snappy").header("X-Prometheus-Remote-Write-Version", "0.1.0").body(body)
                .post("/api/v1/write");
    }

    private static TimeSeries series(String name, String label, String value, Sample... samples) {
        return TimeSeries.newBuilder().addLabels(Label.newBuilder().setName("__name__").setValue(name))
                .addLabels(Label.newBuilder().setName(label).setValue(value)).addAllSamples(List.of(samples)).build();
    }
}

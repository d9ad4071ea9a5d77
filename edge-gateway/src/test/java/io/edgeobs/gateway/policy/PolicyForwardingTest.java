package io.edgeobs.gateway.policy;

import io.edgeobs.gateway.support.Batches;
import io.edgeobs.gateway.support.Gateway;
import io.edgeobs.gateway.support.KafkaRecords;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Span;
import io.edgeobs.model.Tags;
import io.edgeobs.model.sampling.TraceIdSampler;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Each policy action of {@code src/test/resources/test-policy.yaml}, applied while forwarding, checked on what
 * reaches Kafka (and the local store). Every rule there is scoped to its own tenant.
 */
@QuarkusTest
class PolicyForwardingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldDropWhatADropRuleMatchesAndForwardTheRest() {
        // Given debug, trace and info logs, and a health-check span beside a real one
        String token = Gateway.deviceToken("policy-drop", "pumps");
        Gateway.post(token, Batch.ofLogs(Batches.device("d1"), 1, List.of(
                Batches.log(LogLevel.DEBUG, "noise", Map.of()), Batches.log(LogLevel.INFO, "pump started", Map.of()),
                Batches.log(LogLevel.TRACE, "more noise", Map.of())))).then().statusCode(200);
        Gateway.post(token, Batch.ofSpans(Batches.device("d1"), 2, List.of(
                Batches.span("GET /health/ready", false), Batches.span("GET /orders", false)))).then().statusCode(200);

        // Then only the info log and the real span reach Kafka, under the device's batch_seq
        try (KafkaRecords logs = new KafkaRecords(KafkaRecords.bootstrapServers(), "edgeobs.logs");
             KafkaRecords spans = new KafkaRecords(KafkaRecords.bootstrapServers(), "edgeobs.spans")) {
            KafkaRecords.Read l = logs.awaitFrom("policy-drop", 1, WAIT).get(0);
            assertThat(l.batch().logs()).extracting(LogRecord::message).containsExactly("pump started");
            assertThat(l.batch().batchSeq()).isEqualTo(1);
            assertThat(l.headers()).containsEntry("edgeobs.dedup", "seq");
            assertThat(spans.awaitFrom("policy-drop", 1, WAIT).get(0).batch().spans()).extracting(Span::operation)
                    .containsExactly("GET /orders");
        }
        given().get("/q/metrics").then().body(containsString(
                "edgeobs_gateway_policy_hits_total{action=\"drop\",rule=\"drop-debug\"} 2.0"));
    }

    @Test
    void shouldSampleTracesByTraceIdHashAndKeepErrors() {
        // Given 200 ordinary spans and 5 error spans, each of its own trace
        String token = Gateway.deviceToken("policy-sample", "pumps");
        List<Span> sent = new ArrayList<>();
        for (int i = 0; i < 205; i++) {
            sent.add(Batches.span("op", i >= 200));
        }
        Gateway.post(token, Batch.ofSpans(Batches.device("d2"), 1, sent)).then().statusCode(200);

        // Then exactly the spans the shared sampler keeps (ratio 0.25, seed 42) and every error span arrive
        TraceIdSampler sampler = new TraceIdSampler(TraceIdSampler.seedOf("42"), 0.25);
        Set<Id> expected = sent.stream().filter(s -> s.status().isError() || sampler.keep(s.traceId()))
                .map(Span::spanId).collect(Collectors.toSet());
        try (KafkaRecords spans = new KafkaRecords(KafkaRecords.bootstrapServers(), "edgeobs.spans")) {
            List<Span> got = spans.awaitFrom("policy-sample", 1, WAIT).get(0).batch().spans();
            assertThat(got).extracting(Span::spanId).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(got.size()).isBetween(30, 90);
        }
    }

    @Test
    void shouldRedactTagKeysByHashingOrDroppingThem() throws Exception {
        // Given a point with personal data in its tags
        String token = Gateway.deviceToken("policy-redact", "pumps");
        MetricPoint p = MetricPoint.gauge("logins", 1, Batches.now(),
                Tags.of("user.email", "ann@example.com", "client.ip", "10.1.2.3", "password", "hunter2", "pump", "p1"));
        Gateway.post(token, Batch.ofMetrics(Batches.device("d3"), 1, List.of(p))).then().statusCode(200);

        // Then the hashed keys hold an HMAC under the policy's key, the dropped key is gone, the rest is untouched
        try (KafkaRecords metrics = new KafkaRecords(KafkaRecords.bootstrapServers(), "edgeobs.metrics")) {
            Tags tags = metrics.awaitFrom("policy-redact", 1, WAIT).get(0).batch().metrics().get(0).tags();
            assertThat(tags).containsOnlyKeys("user.email", "client.ip", "pump")
                    .containsEntry("user.email", hmac("ann@example.com")).containsEntry("client.ip", hmac("10.1.2.3"))
                    .containsEntry("pump", "p1");
        }
    }

    @Test
    void shouldKeepLocalLogsAtTheGatewayQueryableAndAbsentFromKafka() {
        // Given a debug log (kept local by policy) and an info log in one batch
        String token = Gateway.deviceToken("policy-local", "pumps");
        String key = Gateway.apiKey("policy-local", "pumps");
        Gateway.post(token, Batch.ofLogs(Batches.device("d4"), 1, List.of(
                Batches.log(LogLevel.DEBUG, "valve 3 position 42%", Map.of("valve", 3L)),
                Batches.log(LogLevel.INFO, "shift change", Map.of())))).then().statusCode(200);

        // Then Kafka gets only the info log
        try (KafkaRecords logs = new KafkaRecords(KafkaRecords.bootstrapServers(), "edgeobs.logs")) {
            assertThat(logs.awaitFrom("policy-local", 1, WAIT).get(0).batch().logs()).extracting(LogRecord::message)
                    .containsExactly("shift change");
        }
        // and the gateway answers for the debug log, to its tenant and the admin only
        given().header("Authorization", "Bearer " + key).queryParam("contains", "valve 3").get("/local/logs").then()
                .statusCode(200).body("count", equalTo(1)).body("records[0].message", equalTo("valve 3 position 42%"))
                .body("records[0].level", equalTo("debug")).body("records[0].fields.valve", equalTo(3))
                .body("records[0].device_id", equalTo("d4")).body("records[0].tenant", equalTo("policy-local"));
        given().header("Authorization", "Bearer " + Gateway.apiKey("someone-else", "x")).queryParam("contains", "valve 3")
                .get("/local/logs").then().statusCode(200).body("count", equalTo(0));
        given().header("Authorization", "Bearer " + Gateway.ADMIN_TOKEN).queryParam("tenant", "policy-local")
                .queryParam("level", "debug").get("/local/logs").then().statusCode(200).body("count", equalTo(1));
        given().header("Authorization", "Bearer " + key).queryParam("from", "yesterday").get("/local/logs").then()
                .statusCode(400).body("detail", containsString("from must be an RFC 3339 time"));
        given().get("/local/logs").then().statusCode(401);
    }

    @Test
    void shouldAggregateMetricsPerSeriesIntoExactWindowAggregates() {
        // Given points of two cpu series in the next 2 s window, spread over two batches, and a point no rule matches
        String token = Gateway.deviceToken("policy-aggregate", "pumps");
        long window = 2_000_000_000L;
        long start = (Batches.now() / window + 1) * window;
        Tags core0 = Tags.of("core", "0");
        Tags core1 = Tags.of("core", "1");
        Gateway.post(token, Batch.ofMetrics(Batches.device("d5"), 1, List.of(
                MetricPoint.gauge("cpu_usage", 3, start + 1_000_000, core0),
                MetricPoint.gauge("cpu_usage", 4, start + 3_000_000, core0),
                MetricPoint.gauge("cpu_usage", 10, start + 1_000_000, core1),
                MetricPoint.gauge("mem_free_bytes", 512, start, Tags.EMPTY)))).then().statusCode(200);
        Gateway.post(token, Batch.ofMetrics(Batches.device("d5"), 2, List.of(
                MetricPoint.gauge("cpu_usage", 1, start + 2_000_000, core0),
                MetricPoint.gauge("cpu_usage", 5, start + 5_000_000, core0),
                MetricPoint.gauge("cpu_usage", 1, start + 4_000_000, core0)))).then().statusCode(200);

        // Then the unmatched point is forwarded at once, and after the window closes only aggregates follow
        try (KafkaRecords metrics = new KafkaRecords(KafkaRecords.bootstrapServers(), "edgeobs.metrics")) {
            List<KafkaRecords.Read> reads = metrics.await(r -> r.key().equals("policy-aggregate/d5"),
                    l -> l.stream().anyMatch(r -> r.batch().batchSeq() == 0), WAIT);
            assertThat(reads).hasSize(2);
            assertThat(reads.get(0).batch().metrics()).extracting(MetricPoint::name).containsExactly("mem_free_bytes");
            KafkaRecords.Read agg = reads.get(1);
            assertThat(agg.headers()).containsEntry("edgeobs.dedup", "content");
            assertThat(agg.batch().resource().tenant()).isEqualTo("policy-aggregate");
            assertThat(agg.batch().resource().deviceId()).isEqualTo("d5");
            assertThat(agg.batch().metrics()).extracting(MetricPoint::name, m -> m.tags().get("core"),
                    m -> m.tags().get("agg"), MetricPoint::value, MetricPoint::timestampUnixNanos).containsExactly(
                    tuple("cpu_usage", "0", "min", 1.0, start), tuple("cpu_usage", "0", "max", 5.0, start),
                    tuple("cpu_usage", "0", "sum", 14.0, start), tuple("cpu_usage", "0", "count", 5.0, start),
                    tuple("cpu_usage", "0", "last", 5.0, start),
                    tuple("cpu_usage", "1", "min", 10.0, start), tuple("cpu_usage", "1", "max", 10.0, start),
                    tuple("cpu_usage", "1", "sum", 10.0, start), tuple("cpu_usage", "1", "count", 1.0, start),
                    tuple("cpu_usage", "1", "last", 10.0, start));
            assertThat(agg.batch().metrics()).allSatisfy(m -> assertThat(m.tags()).containsEntry("agg_window", "2s"));
        }
    }

    private static String hmac(String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("test-redact-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "hmac:" + HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }
}

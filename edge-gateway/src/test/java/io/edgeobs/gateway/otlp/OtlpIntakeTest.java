package io.edgeobs.gateway.otlp;

import io.edgeobs.gateway.support.Gateway;
import io.edgeobs.gateway.support.KafkaRecords;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Span;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** OTLP/HTTP from the real OpenTelemetry SDK exporters, and hand-made bodies for what the SDK never sends. */
@QuarkusTest
class OtlpIntakeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Resource RESOURCE = Resource.getDefault().toBuilder().put("service.name", "pump-ctl")
            .put("host.name", "edge-box-1").build();

    @TestHTTPResource
    URL url;

    @Test
    void shouldTakeSpansFromTheOpenTelemetrySdkExporter() {
        // Given a span recorded by the SDK
        String key = Gateway.apiKey("otlp-traces", "line-1");
        String operation = "calibrate-" + UUID.randomUUID();
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder().setResource(RESOURCE)
                .addSpanProcessor(SimpleSpanProcessor.create(memory)).build()) {
            var span = provider.get("test").spanBuilder(operation).setAttribute("valve", 3L).startSpan();
            span.setStatus(StatusCode.ERROR, "valve stuck");
            span.end();

            // When the SDK's own OTLP/HTTP exporter sends it, gzip, with the tenant's api-key
            OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(url + "v1/traces")
                    .setCompression("gzip").addHeader("Authorization", "Bearer " + key).build();
            CompletableResultCode result = exporter.export(memory.getFinishedSpanItems()).join(10, TimeUnit.SECONDS);
            exporter.shutdown();
            assertThat(result.isSuccess()).isTrue();
        }

        // Then it is on edgeobs.spans as a gateway batch of device edge-box-1, identified by content
        try (KafkaRecords spans = new KafkaRecords(KafkaRecords.bootstrapServers(), "edgeobs.spans")) {
            KafkaRecords.Read r = spans.awaitFrom("otlp-traces", 1, WAIT).get(0);
            assertThat(r.key()).isEqualTo("otlp-traces/edge-box-1");
            assertThat(r.headers()).containsEntry("edgeobs.dedup", "content");
            assertThat(r.batch().batchSeq()).isZero();
            assertThat(r.batch().resource().fleet()).isEqualTo("line-1");
            Span s = r.batch().spans().get(0);
            assertThat(s.operation()).isEqualTo(operation);
            assertThat(s.service()).isEqualTo("pump-ctl");
            assertThat(s.status().isError()).isTrue();
            assertThat(s.tags()).containsEntry("valve", "3").containsEntry("host.name", "edge-box-1");
        }
    }

    @Test
    void shouldTakeMetricsAndLogsFromTheSdkExporters() {
        String key = Gateway.apiKey("otlp-metrics", "line-1");
        // Given a counter the SDK collected
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider meters = SdkMeterProvider.builder().setResource(RESOURCE).registerMetricReader(reader).build()) {
            meters.get("test").counterBuilder("pump.starts").build().add(7, Attributes.of(AttributeKey.stringKey("pump"), "p1"));
            OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder().setEndpoint(url + "v1/metrics")
                    .addHeader("Authorization", "Bearer " + key).build();
            assertThat(exporter.export(reader.collectAllMetrics()).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            exporter.shutdown();
        }
        // and a log record
        InMemoryLogRecordExporter memory = InMemoryLogRecordExporter.create();
        try (SdkLoggerProvider logs = SdkLoggerProvider.builder().setResource(RESOURCE)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(memory)).build()) {
            logs.get("test").logRecordBuilder().setSeverity(Severity.WARN).setBody("pressure high").emit();
            OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder().setEndpoint(url + "v1/logs")
                    .addHeader("Authorization", "Bearer " + key).build();
            assertThat(exporter.export(memory.getFinishedLogRecordItems()).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            exporter.shutdown();
        }

        // Then both are on Kafka
        try (KafkaRecords metrics = new KafkaRecords(KafkaRecords.bootstrapServers(), "edgeobs.metrics");
             KafkaRecords logs = new KafkaRecords(KafkaRecords.bootstrapServers(), "edgeobs.logs")) {
            MetricPoint p = metrics.awaitFrom("otlp-metrics", 1, WAIT).get(0).batch().metrics().get(0);
            assertThat(p.name()).isEqualTo("pump.starts");
            assertThat(p.value()).isEqualTo(7.0);
            assertThat(p.kind()).isEqualTo(MetricKind.COUNTER);
            assertThat(p.tags()).containsEntry("pump", "p1").containsEntry("service", "pump-ctl");
            LogRecord l = logs.awaitFrom("otlp-metrics", 1, WAIT).get(0).batch().logs().get(0);
            assertThat(l.message()).isEqualTo("pressure high");
            assertThat(l.level()).isEqualTo(LogLevel.WARN);
        }
    }

    @Test
    void shouldReportRejectedRecordsAsPartialSuccess() {
        // Given a JSON body with a log from 1990 beside a fresh one
        String key = Gateway.apiKey("otlp-partial", "line-1");
        long now = System.currentTimeMillis() * 1_000_000L;
        String body = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":["
                + "{\"timeUnixNano\":\"631152000000000000\",\"body\":{\"stringValue\":\"from 1990\"}},"
                + "{\"timeUnixNano\":\"" + now + "\",\"severityNumber\":13,\"body\":{\"stringValue\":\"fresh\"}}]}]}]}";

        // Then the answer counts one rejected record and says why; the other is accepted
        given().header("Authorization", "Bearer " + key).contentType("application/json").body(body).post("/v1/logs")
                .then().statusCode(200).contentType("application/json")
                .body("partialSuccess.rejectedLogRecords", equalTo("1"))
                .body("partialSuccess.errorMessage", containsString("before the earliest accepted time"));
    }

    @Test
    void shouldAnswerErrorsTheWayOtlpClientsReadThem() throws Exception {
        String key = Gateway.apiKey("otlp-errors", "line-1");
        // a body that is not OTLP: 400 that says where
        given().header("Authorization", "Bearer " + key).contentType("application/json").body("{\"resourceSpans\": 7}")
                .post("/v1/traces").then().statusCode(400).contentType("application/json").body("code", equalTo(400))
                .body("message", containsString("resourceSpans"));
        // no api-key: 401; a device token: 403 (neither is retried by OTLP clients)
        given().contentType("application/json").body("{}").post("/v1/traces").then().statusCode(401);
        given().header("Authorization", "Bearer " + Gateway.deviceToken("otlp-errors", "line-1"))
                .contentType("application/json").body("{}").post("/v1/traces").then().statusCode(403)
                .body("message", containsString("takes a tenant api-key"));
        // another content type: 415
        given().header("Authorization", "Bearer " + key).contentType("text/plain").body("hi").post("/v1/logs").then()
                .statusCode(415);
        // errors of protobuf requests are a google.rpc.Status: field 1 the code, field 2 the message
        byte[] status = given().header("Authorization", "Bearer " + key).contentType("application/x-protobuf")
                .body(new byte[] {0x0a, (byte) 0xff}).post("/v1/metrics").then().statusCode(400)
                .contentType("application/x-protobuf").extract().asByteArray();
        var in = com.google.protobuf.CodedInputStream.newInstance(status);
        assertThat(in.readTag()).isEqualTo(8);
        assertThat(in.readInt32()).isEqualTo(400);
        assertThat(in.readTag()).isEqualTo(18);
        assertThat(in.readString()).contains("not a valid OTLP protobuf metrics export request");
    }
}

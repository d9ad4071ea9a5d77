package io.edgeobs.agent.receive;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The OTLP/HTTP receiver, fed by the real OpenTelemetry SDK exporter and by hand-made bodies. */
@QuarkusTest
class OtlpReceiverTest {

    @Inject
    OtlpReceiver receiver;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAcceptSpansFromTheOpenTelemetrySdkExporter() throws Exception {
        // Given spans recorded by the SDK
        String operation = "op-" + UUID.randomUUID();
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().toBuilder().put("service.name", "pump-ctl").build())
                .addSpanProcessor(SimpleSpanProcessor.create(memory)).build()) {
            Span span = provider.get("test").spanBuilder(operation).startSpan();
            span.setStatus(StatusCode.ERROR, "valve stuck");
            span.end();

            // When the SDK's own OTLP/HTTP exporter sends them to the agent
            OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + receiver.port() + "/v1/traces").setCompression("gzip").build();
            CompletableResultCode result = exporter.export(memory.getFinishedSpanItems()).join(10, TimeUnit.SECONDS);
            exporter.shutdown();

            // Then it succeeded, which the agent says only once they are durable, and they flow on to export
            assertThat(result.isSuccess()).isTrue();
        }
        Path export = Path.of("target/agent-data/export.jsonl");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(export) && Files.readString(export).contains(operation));
        assertThat(Files.readString(export)).contains("pump-ctl").contains("valve stuck");
    }

    @Test
    void shouldReportRejectedRecordsAsPartialSuccess() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        String body = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":["
                + "{\"timeUnixNano\":\"631152000000000000\",\"body\":{\"stringValue\":\"from 1990\"}},"
                + "{\"timeUnixNano\":\"" + now + "\",\"severityNumber\":13,\"body\":{\"stringValue\":\"fresh\"}}]}]}]}";

        HttpResponse<String> r = post("/v1/logs", "application/json", body.getBytes());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"rejectedLogRecords\":\"1\"").contains("before the earliest accepted time");
    }

    @Test
    void shouldExplainBadRequests() throws Exception {
        HttpResponse<String> notOtlp = post("/v1/metrics", "application/json", "{\"resourceMetrics\": 7}".getBytes());
        assertThat(notOtlp.statusCode()).isEqualTo(400);
        assertThat(notOtlp.body()).contains("\"code\":400").contains("resourceMetrics");

        HttpResponse<String> wrongType = post("/v1/traces", "text/plain", "hello".getBytes());
        assertThat(wrongType.statusCode()).isEqualTo(415);

        HttpResponse<String> tooBig = post("/v1/logs", "application/x-protobuf", new byte[5 * 1024 * 1024]);
        assertThat(tooBig.statusCode()).isEqualTo(413);

        assertThat(post("/v1/nothing", "application/json", "{}".getBytes()).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> post(String path, String type, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

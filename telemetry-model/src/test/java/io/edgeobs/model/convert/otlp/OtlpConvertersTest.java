package io.edgeobs.model.convert.otlp;

import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanKind;
import io.edgeobs.model.SpanStatus;
import io.edgeobs.model.Tags;
import io.edgeobs.model.codec.DecodeException;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OTLP payloads produced by the real OpenTelemetry Java SDK, converted through both OTLP/HTTP encodings. */
class OtlpConvertersTest {

    private static final long RECEIVED = 1_764_000_100_000_000_000L;

    @Test
    void shouldConvertSdkSpansFromProtobufAndJsonAlike() {
        // Given
        SdkPayloads.Traces payload = SdkPayloads.traces();

        // When
        Conversion<Span> fromProto = OtlpTraces.convert(OtlpRequests.traces(payload.protobuf(), false));
        Conversion<Span> fromJson = OtlpTraces.convert(OtlpRequests.traces(payload.json(), true));

        // Then
        assertThat(fromProto.rejected()).isZero();
        assertThat(fromJson.records()).isEqualTo(fromProto.records());
        assertThat(fromProto.records()).hasSize(3);
        SpanData sdkClient = sdk(payload, "modbus read");
        SpanData sdkServer = sdk(payload, "GET /valve/{id}");
        SpanData sdkOther = sdk(payload, "background sync");

        Span client = converted(fromProto, "modbus read");
        assertThat(client.traceId().toHex()).isEqualTo(sdkClient.getTraceId());
        assertThat(client.spanId().toHex()).isEqualTo(sdkClient.getSpanId());
        assertThat(client.parentSpanId().toHex()).isEqualTo(sdkServer.getSpanId());
        assertThat(client.service()).isEqualTo("pump-ctl");
        assertThat(client.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(client.startUnixNanos()).isEqualTo(1_764_000_000_010_000_000L);
        assertThat(client.durationNanos()).isEqualTo(35_000_000L);
        assertThat(client.status()).isEqualTo(SpanStatus.error("device timeout"));
        assertThat(client.events()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("retry");
            assertThat(e.timeUnixNanos()).isEqualTo(1_764_000_000_020_000_000L);
            assertThat(e.tags()).isEqualTo(Tags.of("attempt", "2"));
        });

        Span server = converted(fromProto, "GET /valve/{id}");
        assertThat(server.isRoot()).isTrue();
        assertThat(server.kind()).isEqualTo(SpanKind.SERVER);
        assertThat(server.status().code()).isEqualTo(SpanStatus.Code.OK);
        assertThat(server.durationMillis()).isEqualTo(50);
        assertThat(server.tags()).containsEntry("http.request.method", "GET")
                .containsEntry("http.response.status_code", "504").containsEntry("retry", "true")
                .containsEntry("load", "0.75").containsEntry("valves", "[\"a\",\"b\"]")
                .containsEntry("host.name", "dev-1").containsEntry("otel.scope.name", "io.edgeobs.test")
                .containsEntry("otel.scope.version", "1.2.3").doesNotContainKey("service.name");
        assertThat(server.links()).singleElement().satisfies(l -> {
            assertThat(l.traceId().toHex()).isEqualTo(sdkOther.getTraceId());
            assertThat(l.spanId().toHex()).isEqualTo(sdkOther.getSpanId());
            assertThat(l.tags()).isEqualTo(Tags.of("reason", "batch"));
        });
    }

    @Test
    void shouldConvertSdkMetricsLikePrometheusSamples() {
        // Given
        SdkPayloads.Metrics payload = SdkPayloads.metrics();

        // When
        Conversion<MetricPoint> fromProto = OtlpMetrics.convert(OtlpRequests.metrics(payload.protobuf(), false), RECEIVED);
        Conversion<MetricPoint> fromJson = OtlpMetrics.convert(OtlpRequests.metrics(payload.json(), true), RECEIVED);

        // Then
        assertThat(fromProto.rejected()).isZero();
        assertThat(fromJson.records()).containsExactlyInAnyOrderElementsOf(fromProto.records());
        List<MetricPoint> points = fromProto.records();
        Tags resource = Tags.of("host.name", "dev-1", "service.name", "pump-ctl");

        assertThat(only(points, "http.server.requests")).satisfies(p -> {
            assertThat(p.kind()).isEqualTo(MetricKind.COUNTER);
            assertThat(p.value()).isEqualTo(7.0);
            assertThat(p.unit()).isEqualTo("{request}");
            assertThat(p.tags()).isEqualTo(resource.with("route", "/valve"));
            assertThat(p.timestampUnixNanos()).isPositive();
        });
        assertThat(only(points, "queue.depth")).satisfies(p -> {
            assertThat(p.kind()).isEqualTo(MetricKind.GAUGE);
            assertThat(p.value()).isEqualTo(3.0);
        });
        assertThat(only(points, "pump.temperature")).satisfies(p -> {
            assertThat(p.kind()).isEqualTo(MetricKind.GAUGE);
            assertThat(p.value()).isEqualTo(21.5);
            assertThat(p.unit()).isEqualTo("Cel");
        });
        List<MetricPoint> buckets = points.stream().filter(p -> p.name().equals("rpc.duration_bucket")).toList();
        assertThat(buckets).extracting(p -> p.tags().get("le")).containsExactly("5", "10", "100", "+Inf");
        assertThat(buckets).extracting(MetricPoint::value).containsExactly(2.0, 3.0, 4.0, 5.0);
        assertThat(buckets).allSatisfy(b -> assertThat(b.kind()).isEqualTo(MetricKind.HISTOGRAM_BUCKET));
        assertThat(only(points, "rpc.duration_sum").value()).isEqualTo(560.0);
        assertThat(only(points, "rpc.duration_count")).satisfies(p -> {
            assertThat(p.value()).isEqualTo(5.0);
            assertThat(p.kind()).isEqualTo(MetricKind.HISTOGRAM_COUNT);
            assertThat(p.unit()).isEqualTo("ms");
        });
    }

    @Test
    void shouldConvertSdkLogsWithTraceContext() {
        // Given
        SdkPayloads.Logs payload = SdkPayloads.logs();

        // When
        Conversion<LogRecord> fromProto = OtlpLogs.convert(OtlpRequests.logs(payload.protobuf(), false), RECEIVED);
        Conversion<LogRecord> fromJson = OtlpLogs.convert(OtlpRequests.logs(payload.json(), true), RECEIVED);

        // Then
        assertThat(fromJson.records()).isEqualTo(fromProto.records());
        assertThat(fromProto.records()).hasSize(2);
        LogRecord warn = fromProto.records().get(0);
        assertThat(warn.level()).isEqualTo(LogLevel.WARN);
        assertThat(warn.message()).isEqualTo("valve 3 slow to close");
        assertThat(warn.timestampUnixNanos()).isEqualTo(1_764_000_000_000_000_000L);
        assertThat(warn.traceId().toHex()).isEqualTo(payload.span().getSpanContext().getTraceId());
        assertThat(warn.spanId().toHex()).isEqualTo(payload.span().getSpanContext().getSpanId());
        assertThat(warn.fields()).containsEntry("valve", 3L).containsEntry("pressure", 1.5)
                .containsEntry("manual", false).containsEntry("otel.scope.name", "io.edgeobs.test.valves")
                .containsEntry("resource", Map.of("service.name", "pump-ctl", "host.name", "dev-1"));
        LogRecord error = fromProto.records().get(1);
        assertThat(error.level()).isEqualTo(LogLevel.ERROR);
        assertThat(error.traceId()).isEqualTo(Id.EMPTY);
        assertThat(error.timestampUnixNanos()).as("observed time stands in").isPositive().isNotEqualTo(RECEIVED);
    }

    @Test
    void shouldRejectAndCountWhatCannotBeConverted() {
        // Given: a span ending before it starts, in hand-built OTLP/JSON (enums as integers, int64 as strings)
        String json = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"s"}}]},
                 "scopeSpans":[{"spans":[
                  {"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","name":"ok","kind":2,
                   "startTimeUnixNano":"1764000000000000000","endTimeUnixNano":"1764000000000000100"},
                  {"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b8","name":"backwards",
                   "start_time_unix_nano":"1764000000000000100","end_time_unix_nano":"1764000000000000000"}]}]}]}""";

        // When
        Conversion<Span> c = OtlpTraces.convert(OtlpRequests.traces(json.getBytes(StandardCharsets.UTF_8), true));

        // Then
        assertThat(c.records()).extracting(Span::operation).containsExactly("ok");
        assertThat(c.records().get(0).kind()).isEqualTo(SpanKind.SERVER);
        assertThat(c.records().get(0).durationNanos()).isEqualTo(100);
        assertThat(c.rejected()).isEqualTo(1);
        assertThat(c.errorMessage()).isEqualTo("1 spans end before they start");
    }

    @Test
    void shouldExplainBodiesThatAreNotOtlp() {
        assertThatThrownBy(() -> OtlpRequests.traces("{not json".getBytes(StandardCharsets.UTF_8), true))
                .isInstanceOf(DecodeException.class).hasMessageStartingWith("body is not valid JSON");
        assertThatThrownBy(() -> OtlpRequests.traces("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}"
                .getBytes(StandardCharsets.UTF_8), true))
                .isInstanceOf(DecodeException.class).hasMessage("traceId 'xyz' is not hexadecimal (OTLP/JSON writes ids as hex)");
        assertThatThrownBy(() -> OtlpRequests.metrics(new byte[] {(byte) 0xff, 0x01}, false))
                .isInstanceOf(DecodeException.class).hasMessageStartingWith("body is not a valid OTLP protobuf metrics");
    }

    private static SpanData sdk(SdkPayloads.Traces payload, String name) {
        return payload.spans().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Span converted(Conversion<Span> c, String operation) {
        return c.records().stream().filter(s -> s.operation().equals(operation)).findFirst().orElseThrow();
    }

    private static MetricPoint only(List<MetricPoint> points, String name) {
        List<MetricPoint> named = points.stream().filter(p -> p.name().equals(name)).toList();
        assertThat(named).as(name).hasSize(1);
        return named.get(0);
    }
}

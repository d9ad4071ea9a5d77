package io.edgeobs.model.convert.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.edgeobs.model.codec.DecodeException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * OTLP/JSON as the real OpenTelemetry SDK writes it, and in the other spellings the specification allows, must give
 * the same request messages, and so the same records, as the SDK's protobuf encoding of the same data.
 */
class OtlpJsonTest {

    private static final long RECEIVED = OtlpMetricsTest.RECEIVED;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldReadSdkTraceJsonIntoTheSameMessageAndSpansAsProtobuf() {
        // Given
        SdkPayloads.Traces payload = SdkPayloads.traces();

        // When
        var fromProto = OtlpRequests.traces(payload.protobuf(), OtlpEncoding.PROTOBUF);
        var fromJson = OtlpRequests.traces(payload.json(), OtlpEncoding.JSON);

        // Then
        assertThat(fromJson).isEqualTo(fromProto);
        assertThat(OtlpTraces.convert(fromJson)).isEqualTo(OtlpTraces.convert(fromProto));
        assertThat(OtlpTraces.convert(fromJson).records()).hasSize(3);
    }

    @Test
    void shouldReadSdkMetricJsonIntoTheSameMessageAndPointsAsProtobuf() {
        // Given
        SdkPayloads.Metrics payload = SdkPayloads.metrics();

        // When
        var fromProto = OtlpRequests.metrics(payload.protobuf(), OtlpEncoding.PROTOBUF);
        var fromJson = OtlpRequests.metrics(payload.json(), OtlpEncoding.JSON);
        var deltaFromProto = OtlpRequests.metrics(payload.deltaProtobuf(), OtlpEncoding.PROTOBUF);
        var deltaFromJson = OtlpRequests.metrics(payload.deltaJson(), OtlpEncoding.JSON);

        // Then
        assertThat(fromJson).isEqualTo(fromProto);
        assertThat(deltaFromJson).isEqualTo(deltaFromProto);
        assertThat(OtlpMetrics.convert(fromJson, RECEIVED)).isEqualTo(OtlpMetrics.convert(fromProto, RECEIVED));
        assertThat(OtlpMetrics.convert(deltaFromJson, RECEIVED)).isEqualTo(OtlpMetrics.convert(deltaFromProto, RECEIVED));
        assertThat(OtlpMetrics.convert(fromJson, RECEIVED).records()).hasSizeGreaterThan(10);
    }

    @Test
    void shouldReadSdkLogJsonIntoTheSameMessageAndRecordsAsProtobuf() {
        // Given
        SdkPayloads.Logs payload = SdkPayloads.logs();

        // When
        var fromProto = OtlpRequests.logs(payload.protobuf(), OtlpEncoding.PROTOBUF);
        var fromJson = OtlpRequests.logs(payload.json(), OtlpEncoding.JSON);

        // Then
        assertThat(fromJson).isEqualTo(fromProto);
        assertThat(OtlpLogs.convert(fromJson, RECEIVED)).isEqualTo(OtlpLogs.convert(fromProto, RECEIVED));
    }

    @Test
    void shouldAcceptSnakeCaseNamesNumericIntegersEnumNamesNullsAndUnknownFields() throws IOException {
        // Given: the SDK's JSON respelled in every way the OTLP/JSON specification allows
        SdkPayloads.Traces traces = SdkPayloads.traces();
        SdkPayloads.Metrics metrics = SdkPayloads.metrics();
        SdkPayloads.Logs logs = SdkPayloads.logs();

        // When / Then
        assertThat(OtlpRequests.traces(respell(traces.json()), OtlpEncoding.JSON))
                .isEqualTo(OtlpRequests.traces(traces.protobuf(), OtlpEncoding.PROTOBUF));
        assertThat(OtlpRequests.metrics(respell(metrics.json()), OtlpEncoding.JSON))
                .isEqualTo(OtlpRequests.metrics(metrics.protobuf(), OtlpEncoding.PROTOBUF));
        assertThat(OtlpRequests.metrics(respell(metrics.deltaJson()), OtlpEncoding.JSON))
                .isEqualTo(OtlpRequests.metrics(metrics.deltaProtobuf(), OtlpEncoding.PROTOBUF));
        assertThat(OtlpRequests.logs(respell(logs.json()), OtlpEncoding.JSON))
                .isEqualTo(OtlpRequests.logs(logs.protobuf(), OtlpEncoding.PROTOBUF));
    }

    @Test
    void shouldReadSpecialNumbersBytesAndUnsignedIntegers() {
        // Given
        String json = """
                {"resource_spans":[{"scope_spans":[{"spans":[{
                  "trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736","span_id":"00f067aa0ba902b7","parent_span_id":"",
                  "kind":"SPAN_KIND_PRODUCER","start_time_unix_nano":"1.764E18","end_time_unix_nano":"18446744073709551615",
                  "status":{"code":"STATUS_CODE_ERROR","message":"boom"},
                  "attributes":[
                    {"key":"nan","value":{"doubleValue":"NaN"}},
                    {"key":"inf","value":{"doubleValue":"-Infinity"}},
                    {"key":"raw","value":{"bytesValue":"AQID"}},
                    {"key":"big","value":{"intValue":-9223372036854775808}},
                    {"key":"empty","value":{}}]}]}]}]}""";

        // When
        Span span = OtlpRequests.traces(utf8(json), OtlpEncoding.JSON).getResourceSpans(0).getScopeSpans(0).getSpans(0);

        // Then
        assertThat(span.getTraceId().toByteArray()).hasSize(16).startsWith(0x4b, 0xf9);
        assertThat(span.getParentSpanId().isEmpty()).isTrue();
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_PRODUCER);
        assertThat(span.getStartTimeUnixNano()).isEqualTo(1_764_000_000_000_000_000L);
        assertThat(span.getEndTimeUnixNano()).as("unsigned 2^64-1").isEqualTo(-1L);
        assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(span.getAttributes(0).getValue().getDoubleValue()).isNaN();
        assertThat(span.getAttributes(1).getValue().getDoubleValue()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(span.getAttributes(2).getValue().getBytesValue().toByteArray()).containsExactly(1, 2, 3);
        assertThat(span.getAttributes(3).getValue().getIntValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(span.getAttributes(4).getValue().getValueCase()).isEqualTo(AnyValue.ValueCase.VALUE_NOT_SET);
        assertThat(OtlpTraces.convert(ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(OtlpRequests.traces(utf8(json), OtlpEncoding.JSON).getResourceSpans(0)).build())
                .records().get(0).tags())
                .containsEntry("nan", "NaN").containsEntry("inf", "-Infinity").containsEntry("raw", "AQID")
                .containsEntry("big", "-9223372036854775808").containsEntry("empty", "");
    }

    @Test
    void shouldExplainWhatIsWrongWithABodyAndWhere() {
        assertDecodeError("{not json", "body is not valid JSON: Unexpected character ('n' (code 110))");
        assertDecodeError("", "an OTLP/JSON traces export request must be a JSON object, the body is empty");
        assertDecodeError("[]", "an OTLP/JSON traces export request must be a JSON object, found an array");
        assertDecodeError("{} {}", "body is not a valid OTLP/JSON request: found an object after the request object (line 1, column 4)");
        assertDecodeError("{\"resourceSpans\":{}}", "resourceSpans must be an array, found an object (line 1, column 18)");
        assertDecodeError(span("\"traceId\":\"xyz\""),
                "traceId 'xyz' is not hexadecimal (OTLP/JSON writes ids as hex) (line 1, column 55)");
        assertDecodeError(span("\"name\":5"), "name must be a string, found a number");
        assertDecodeError(span("\"kind\":\"SPAN_KIND_NOPE\""), "kind has no value named 'SPAN_KIND_NOPE'");
        assertDecodeError(span("\"startTimeUnixNano\":\"-1\""), "startTimeUnixNano -1 does not fit in an unsigned 64-bit integer");
        assertDecodeError(span("\"startTimeUnixNano\":\"soon\""), "startTimeUnixNano must be an integer, was 'soon'");
        assertDecodeError(span("\"flags\":4294967296"), "flags 4294967296 does not fit in an unsigned 32-bit integer");
        String deep = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":"
                + "{\"arrayValue\":{\"values\":[".repeat(100) + "]}}".repeat(100) + "}]}}]}";
        assertDecodeError(deep, "body is not valid JSON: Document nesting depth (161) exceeds the maximum allowed (160");
        assertThatThrownBy(() -> OtlpRequests.metrics(new byte[] {(byte) 0xff, 0x01}, OtlpEncoding.PROTOBUF))
                .isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("body is not a valid OTLP protobuf metrics export request: ");
    }

    @Test
    void shouldTellTheEncodingFromTheContentType() {
        assertThat(OtlpEncoding.fromContentType("application/x-protobuf")).contains(OtlpEncoding.PROTOBUF);
        assertThat(OtlpEncoding.fromContentType("Application/JSON; charset=utf-8")).contains(OtlpEncoding.JSON);
        assertThat(OtlpEncoding.fromContentType("text/plain")).isEmpty();
        assertThat(OtlpEncoding.fromContentType(null)).isEmpty();
    }

    private static String span(String field) {
        return "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{" + field + "}]}]}]}";
    }

    private static void assertDecodeError(String body, String message) {
        assertThatThrownBy(() -> OtlpRequests.traces(utf8(body), OtlpEncoding.JSON))
                .isInstanceOf(DecodeException.class).hasMessageContaining(message);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // --- the SDK's JSON, respelled ---

    private static final Pattern UPPER = Pattern.compile("([A-Z])");
    private static final Set<String> INT64_FIELDS = Set.of("startTimeUnixNano", "endTimeUnixNano", "timeUnixNano",
            "observedTimeUnixNano", "count", "zeroCount", "asInt", "intValue", "bucketCounts");
    private static final Map<String, java.util.function.IntFunction<String>> ENUM_FIELDS = Map.of(
            "kind", n -> Span.SpanKind.forNumber(n).name(),
            "code", n -> Status.StatusCode.forNumber(n).name(),
            "severityNumber", n -> SeverityNumber.forNumber(n).name(),
            "aggregationTemporality", n -> AggregationTemporality.forNumber(n).name());

    /** snake_case names, 64-bit integers as JSON numbers, enums by name, nulls and unknown fields everywhere. */
    private static byte[] respell(byte[] json) throws IOException {
        return MAPPER.writeValueAsBytes(respell(MAPPER.readTree(json), ""));
    }

    private static JsonNode respell(JsonNode node, String field) {
        if (node.isObject()) {
            ObjectNode out = MAPPER.createObjectNode();
            node.fields().forEachRemaining(e -> out.set(snake(e.getKey()), respell(e.getValue(), e.getKey())));
            out.putObject("edgeobsUnknown").putArray("list").add(1).addObject().putNull("nested");
            out.putNull("schemaUrl");
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = MAPPER.createArrayNode();
            node.forEach(item -> out.add(respell(item, field)));
            return out;
        }
        if (node instanceof TextNode text && INT64_FIELDS.contains(field)) {
            return LongNode.valueOf(Long.parseLong(text.textValue()));
        }
        if (node.isInt() && ENUM_FIELDS.containsKey(field)) {
            return TextNode.valueOf(ENUM_FIELDS.get(field).apply(node.intValue()));
        }
        return node;
    }

    private static String snake(String camel) {
        return UPPER.matcher(camel).replaceAll("_$1").toLowerCase(java.util.Locale.ROOT);
    }
}

package io.edgeobs.model.convert.otlp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.edgeobs.model.codec.DecodeException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads OTLP export requests in both OTLP/HTTP encodings: binary protobuf, and OTLP/JSON, whose differences from
 * protobuf's canonical JSON are handled here: trace and span ids are hex (not base64), enums may be integers,
 * 64-bit integers may be strings, and field names may be lowerCamelCase or snake_case.
 * Bad input is a {@link DecodeException} that says what is wrong.
 */
public final class OtlpRequests {

    private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId",
            "trace_id", "span_id", "parent_span_id");
    private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

    private OtlpRequests() {
    }

    public static ExportTraceServiceRequest traces(byte[] body, boolean json) {
        return json ? fromJson(body, ExportTraceServiceRequest.newBuilder(), "traces")
                : parse(() -> ExportTraceServiceRequest.parseFrom(body), "traces");
    }

    public static ExportMetricsServiceRequest metrics(byte[] body, boolean json) {
        return json ? fromJson(body, ExportMetricsServiceRequest.newBuilder(), "metrics")
                : parse(() -> ExportMetricsServiceRequest.parseFrom(body), "metrics");
    }

    public static ExportLogsServiceRequest logs(byte[] body, boolean json) {
        return json ? fromJson(body, ExportLogsServiceRequest.newBuilder(), "logs")
                : parse(() -> ExportLogsServiceRequest.parseFrom(body), "logs");
    }

    private interface ProtoParse<T> {
        T parse() throws InvalidProtocolBufferException;
    }

    private static <T> T parse(ProtoParse<T> parse, String signal) {
        try {
            return parse.parse();
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException("body is not a valid OTLP protobuf " + signal + " export request: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Message> T fromJson(byte[] body, Message.Builder builder, String signal) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(body);
        } catch (JacksonException e) {
            throw new DecodeException("body is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new DecodeException("body cannot be read: " + e.getMessage(), e);
        }
        if (!(tree instanceof ObjectNode)) {
            throw new DecodeException("an OTLP/JSON " + signal + " export request must be a JSON object");
        }
        hexIdsToBase64(tree);
        try {
            JSON.merge(tree.toString(), builder);
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException("body is not a valid OTLP/JSON " + signal + " export request: " + e.getMessage(), e);
        }
        return (T) builder.build();
    }

    /** OTLP/JSON writes ids in hex; protobuf's JSON reader expects base64 for bytes fields. */
    private static void hexIdsToBase64(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (ID_FIELDS.contains(e.getKey()) && e.getValue().isTextual()) {
                    e.setValue(new TextNode(hexToBase64(e.getKey(), e.getValue().textValue())));
                } else {
                    hexIdsToBase64(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(OtlpRequests::hexIdsToBase64);
        }
    }

    private static String hexToBase64(String field, String hex) {
        try {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new DecodeException(field + " '" + hex + "' is not hexadecimal (OTLP/JSON writes ids as hex)");
        }
    }

}

package io.edgeobs.query.jaeger;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * The JSON model of Jaeger's v1 HTTP API (the one the Jaeger UI's trace view and Grafana's Jaeger data source read):
 * the {@code {data, total, limit, offset, errors}} envelope and the trace with its spans and processes. Field names
 * and order are Jaeger's; absent lists are empty arrays, absent warnings {@code null}, as Jaeger writes them.
 */
public final class JaegerModel {

    private JaegerModel() {
    }

    /** Jaeger's response envelope; {@code errors} is null when there are none. */
    public record Envelope(Object data, int total, int limit, int offset, List<Error> errors) {
        public static Envelope of(List<?> data) {
            return new Envelope(data, data.size(), 0, 0, null);
        }
    }

    /** An entry of {@code errors}: a status code and message, and for a trace lookup the id that was not found. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(Integer code, String msg, String traceID) {
    }

    public record Trace(String traceID, List<Span> spans, Map<String, Process> processes, List<String> warnings) {
    }

    public record Span(String traceID, String spanID, String operationName, List<Reference> references,
                       long startTime, long duration, List<KeyValue> tags, List<Log> logs, String processID,
                       List<String> warnings) {
    }

    /** {@code CHILD_OF} for the parent, {@code FOLLOWS_FROM} for links. */
    public record Reference(String refType, String traceID, String spanID) {
    }

    /** A typed tag: {@code type} is {@code string}, {@code bool}, {@code int64} or {@code float64}. */
    public record KeyValue(String key, String type, Object value) {
        public static KeyValue string(String key, String value) {
            return new KeyValue(key, "string", value);
        }
    }

    public record Log(long timestamp, List<KeyValue> fields) {
    }

    public record Process(String serviceName, List<KeyValue> tags) {
    }

    public record Operation(String name, String spanKind) {
    }

    public record Dependency(String parent, String child, long callCount) {
    }
}

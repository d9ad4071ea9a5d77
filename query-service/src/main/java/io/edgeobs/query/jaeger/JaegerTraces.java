package io.edgeobs.query.jaeger;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeobs.query.jaeger.JaegerModel.KeyValue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spans as Jaeger's v1 trace model, the way Jaeger translates OpenTelemetry spans: the parent as the first
 * {@code CHILD_OF} reference and links as {@code FOLLOWS_FROM}; the kind as tag {@code span.kind} (not for internal
 * or unspecified spans); the status as {@code otel.status_code} ({@code OK}/{@code ERROR}) and
 * {@code otel.status_description}, and {@code error=true} (bool) for an error status; events as logs with the name in
 * field {@code event}; times in microseconds; one process per (service, device) with tag {@code device_id}.
 */
public final class JaegerTraces {

    static final long JS_MAX_SAFE_INTEGER = (1L << 53) - 1;

    private JaegerTraces() {
    }

    /** One trace; {@code warning} (null for none) goes into the trace's warnings. */
    public static JaegerModel.Trace trace(String traceId, List<SpanRow> rows, String warning) {
        Map<String, String> processIds = new LinkedHashMap<>();
        Map<String, JaegerModel.Process> processes = new LinkedHashMap<>();
        List<JaegerModel.Span> spans = new ArrayList<>(rows.size());
        for (SpanRow r : rows) {
            String key = r.service() + '\0' + r.deviceId();
            String pid = processIds.get(key);
            if (pid == null) {
                pid = "p" + (processIds.size() + 1);
                processIds.put(key, pid);
                processes.put(pid, new JaegerModel.Process(r.service(),
                        List.of(KeyValue.string("device_id", r.deviceId()))));
            }
            spans.add(span(r, pid));
        }
        if (warning == null) {
            return new JaegerModel.Trace(traceId, spans, processes, null);
        }
        // the UI shows span warnings, not the trace's: the first span carries it too
        JaegerModel.Span s = spans.get(0);
        spans.set(0, new JaegerModel.Span(s.traceID(), s.spanID(), s.operationName(), s.references(), s.startTime(),
                s.duration(), s.tags(), s.logs(), s.processID(), List.of(warning)));
        return new JaegerModel.Trace(traceId, spans, processes, List.of(warning));
    }

    static JaegerModel.Span span(SpanRow r, String processId) {
        List<JaegerModel.Reference> refs = new ArrayList<>();
        if (r.parentSpanId() != null) {
            refs.add(new JaegerModel.Reference("CHILD_OF", r.traceId(), r.parentSpanId()));
        }
        for (JsonNode link : r.links()) {
            refs.add(new JaegerModel.Reference("FOLLOWS_FROM", link.path("trace_id").asText().toLowerCase(Locale.ROOT),
                    link.path("span_id").asText().toLowerCase(Locale.ROOT)));
        }
        List<JaegerModel.Log> logs = new ArrayList<>();
        for (JsonNode event : r.events()) {
            List<KeyValue> fields = new ArrayList<>();
            JsonNode eventTags = event.path("tags");
            if (!eventTags.has("event")) {
                fields.add(KeyValue.string("event", event.path("name").asText()));
            }
            fields.addAll(tags(eventTags));
            logs.add(new JaegerModel.Log(event.path("time_unix_nanos").asLong() / 1000, fields));
        }
        return new JaegerModel.Span(r.traceId(), r.spanId(), r.operation(), refs, r.startNanos() / 1000,
                r.durationNanos() / 1000, spanTags(r), logs, processId, null);
    }

    /** Stored tags sorted by key, then the ones Jaeger makes of kind and status (which win on equal keys). */
    static List<KeyValue> spanTags(SpanRow r) {
        List<KeyValue> made = new ArrayList<>(4);
        if (!"internal".equals(r.kind()) && !"unspecified".equals(r.kind())) {
            made.add(KeyValue.string("span.kind", r.kind()));
        }
        if ("ok".equals(r.statusCode()) || r.isError()) {
            made.add(KeyValue.string("otel.status_code", r.isError() ? "ERROR" : "OK"));
        }
        if (r.statusMessage() != null && !r.statusMessage().isEmpty()) {
            made.add(KeyValue.string("otel.status_description", r.statusMessage()));
        }
        if (r.isError()) {
            made.add(new KeyValue("error", "bool", true));
        }
        List<KeyValue> out = new ArrayList<>(r.tags().size() + made.size());
        for (KeyValue kv : tags(r.tags())) {
            if (made.stream().noneMatch(m -> m.key().equals(kv.key()))) {
                out.add(kv);
            }
        }
        out.addAll(made);
        return out;
    }

    /** A jsonb object as typed tags, sorted by key (jsonb keeps its own key order). */
    static List<KeyValue> tags(JsonNode object) {
        if (object == null || !object.isObject() || object.isEmpty()) {
            return new ArrayList<>();
        }
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sorted.put(e.getKey(), e.getValue());
        }
        List<KeyValue> out = new ArrayList<>(sorted.size());
        sorted.forEach((k, v) -> out.add(keyValue(k, v)));
        return out;
    }

    private static KeyValue keyValue(String key, JsonNode v) {
        if (v.isTextual()) {
            return KeyValue.string(key, v.textValue());
        }
        if (v.isBoolean()) {
            return new KeyValue(key, "bool", v.booleanValue());
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            long n = v.longValue();
            // as Jaeger: integers a JavaScript number cannot hold exactly are sent as text
            return new KeyValue(key, "int64", Math.abs(n) > JS_MAX_SAFE_INTEGER ? Long.toString(n) : n);
        }
        if (v.isNumber()) {
            return new KeyValue(key, "float64", v.doubleValue());
        }
        return KeyValue.string(key, v.isNull() ? "" : v.toString());
    }
}

package io.edgeobs.query.jaeger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spans as OTLP JSON ({@code TracesData}), as Jaeger's API v3 writes it: trace and span ids in lowercase hex,
 * int64 values (times in ns, {@code intValue}) as decimal strings, {@code kind} and {@code status.code} as enum
 * numbers, fields with default values (empty lists, kind 0, status unset) left out. One {@code resourceSpans} per
 * trace and (service, device), with resource attributes {@code service.name} and {@code device.id}. A trace cut to
 * the span cap carries the warning in its first span's {@code @jaeger@warnings} attribute, as Jaeger does.
 */
public final class OtlpTraces {

    static final String WARNINGS_ATTRIBUTE = "@jaeger@warnings";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OtlpTraces() {
    }

    /** Adds one trace's spans to {@code resourceSpans}; {@code warning} null for none. */
    public static void append(ArrayNode resourceSpans, List<SpanRow> rows, String warning) {
        Map<String, ArrayNode> byResource = new LinkedHashMap<>();
        boolean first = true;
        for (SpanRow r : rows) {
            ArrayNode spans = byResource.computeIfAbsent(r.service() + '\0' + r.deviceId(), k -> {
                ObjectNode rs = resourceSpans.addObject();
                ArrayNode attrs = rs.putObject("resource").putArray("attributes");
                attrs.add(attribute("service.name", F.textNode(r.service())));
                attrs.add(attribute("device.id", F.textNode(r.deviceId())));
                ObjectNode scope = rs.putArray("scopeSpans").addObject();
                scope.putObject("scope");
                return scope.putArray("spans");
            });
            spans.add(span(r, first ? warning : null));
            first = false;
        }
    }

    static ObjectNode span(SpanRow r, String warning) {
        ObjectNode s = F.objectNode();
        s.put("traceId", r.traceId());
        s.put("spanId", r.spanId());
        if (r.parentSpanId() != null) {
            s.put("parentSpanId", r.parentSpanId());
        }
        s.put("name", r.operation());
        int kind = kind(r.kind());
        if (kind != 0) {
            s.put("kind", kind);
        }
        s.put("startTimeUnixNano", Long.toString(r.startNanos()));
        s.put("endTimeUnixNano", Long.toString(r.endNanos()));
        ArrayNode attrs = attributes(r.tags());
        if (warning != null) {
            ObjectNode w = attrs.addObject();
            w.put("key", WARNINGS_ATTRIBUTE);
            w.putObject("value").putObject("arrayValue").putArray("values").addObject().put("stringValue", warning);
        }
        if (!attrs.isEmpty()) {
            s.set("attributes", attrs);
        }
        ArrayNode events = F.arrayNode();
        for (JsonNode e : r.events()) {
            ObjectNode event = events.addObject();
            event.put("timeUnixNano", Long.toString(e.path("time_unix_nanos").asLong()));
            event.put("name", e.path("name").asText());
            ArrayNode a = attributes(e.path("tags"));
            if (!a.isEmpty()) {
                event.set("attributes", a);
            }
        }
        if (!events.isEmpty()) {
            s.set("events", events);
        }
        ArrayNode links = F.arrayNode();
        for (JsonNode l : r.links()) {
            ObjectNode link = links.addObject();
            link.put("traceId", l.path("trace_id").asText().toLowerCase(Locale.ROOT));
            link.put("spanId", l.path("span_id").asText().toLowerCase(Locale.ROOT));
            ArrayNode a = attributes(l.path("tags"));
            if (!a.isEmpty()) {
                link.set("attributes", a);
            }
        }
        if (!links.isEmpty()) {
            s.set("links", links);
        }
        ObjectNode status = s.putObject("status");
        if (r.statusMessage() != null && !r.statusMessage().isEmpty()) {
            status.put("message", r.statusMessage());
        }
        int code = switch (r.statusCode()) {
            case "ok" -> 1;
            case "error" -> 2;
            default -> 0;
        };
        if (code != 0) {
            status.put("code", code);
        }
        return s;
    }

    /** OTLP's SpanKind numbers. */
    static int kind(String kind) {
        return switch (kind) {
            case "internal" -> 1;
            case "server" -> 2;
            case "client" -> 3;
            case "producer" -> 4;
            case "consumer" -> 5;
            default -> 0;
        };
    }

    /** A jsonb object as OTLP attributes, sorted by key. */
    static ArrayNode attributes(JsonNode object) {
        ArrayNode out = F.arrayNode();
        if (object == null || !object.isObject()) {
            return out;
        }
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sorted.put(e.getKey(), e.getValue());
        }
        sorted.forEach((k, v) -> out.add(attribute(k, v)));
        return out;
    }

    private static ObjectNode attribute(String key, JsonNode v) {
        ObjectNode a = F.objectNode();
        a.put("key", key);
        ObjectNode value = a.putObject("value");
        if (v.isBoolean()) {
            value.put("boolValue", v.booleanValue());
        } else if (v.isIntegralNumber() && v.canConvertToLong()) {
            value.put("intValue", Long.toString(v.longValue()));
        } else if (v.isNumber()) {
            value.put("doubleValue", v.doubleValue());
        } else if (v.isTextual()) {
            value.put("stringValue", v.textValue());
        } else {
            value.put("stringValue", v.isNull() ? "" : v.toString());
        }
        return a;
    }
}

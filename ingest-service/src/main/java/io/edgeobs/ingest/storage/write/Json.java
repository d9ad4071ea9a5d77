package io.edgeobs.ingest.storage.write;

import io.edgeobs.model.SpanEvent;
import io.edgeobs.model.SpanLink;
import io.edgeobs.model.Tags;

import java.util.List;
import java.util.Map;

/**
 * JSON text of tags, structured log fields, span events and links, for {@code jsonb} columns. Written by hand:
 * the values are already normalised by the model (sorted maps, Long/Double numbers), so no mapper is needed, and
 * this is on the hot path. Numbers that JSON cannot hold (NaN, infinities) are written as strings.
 */
public final class Json {

    private Json() {
    }

    public static String tags(Tags tags) {
        if (tags.isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder(16 * tags.size() + 2);
        appendTags(sb, tags);
        return sb.toString();
    }

    public static String fields(Map<String, Object> fields) {
        if (fields.isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder(64);
        appendValue(sb, fields);
        return sb.toString();
    }

    /** {@code [{"time_unix_nanos":..,"name":"..","tags":{..}}, ...]} */
    public static String events(List<SpanEvent> events) {
        if (events.isEmpty()) {
            return "[]";
        }
        StringBuilder sb = new StringBuilder(64 * events.size());
        sb.append('[');
        for (int i = 0; i < events.size(); i++) {
            SpanEvent e = events.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"time_unix_nanos\":").append(e.timeUnixNanos()).append(",\"name\":");
            appendString(sb, e.name());
            sb.append(",\"tags\":");
            appendTags(sb, e.tags());
            sb.append('}');
        }
        return sb.append(']').toString();
    }

    /** {@code [{"trace_id":"hex","span_id":"hex","tags":{..}}, ...]} */
    public static String links(List<SpanLink> links) {
        if (links.isEmpty()) {
            return "[]";
        }
        StringBuilder sb = new StringBuilder(80 * links.size());
        sb.append('[');
        for (int i = 0; i < links.size(); i++) {
            SpanLink l = links.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"trace_id\":\"").append(l.traceId().toHex()).append("\",\"span_id\":\"")
                    .append(l.spanId().toHex()).append("\",\"tags\":");
            appendTags(sb, l.tags());
            sb.append('}');
        }
        return sb.append(']').toString();
    }

    private static void appendTags(StringBuilder sb, Tags tags) {
        sb.append('{');
        for (int i = 0; i < tags.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            appendString(sb, tags.keyAt(i));
            sb.append(':');
            appendString(sb, tags.valueAt(i));
        }
        sb.append('}');
    }

    @SuppressWarnings("unchecked")
    private static void appendValue(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            appendString(sb, s);
        } else if (v instanceof Long || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                appendString(sb, d.toString());
            } else {
                sb.append(d.doubleValue());
            }
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                appendString(sb, e.getKey());
                sb.append(':');
                appendValue(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendValue(sb, list.get(i));
            }
            sb.append(']');
        } else {
            appendString(sb, v.toString());
        }
    }

    static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\0' -> sb.append(TextSanitizer.REPLACEMENT);
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

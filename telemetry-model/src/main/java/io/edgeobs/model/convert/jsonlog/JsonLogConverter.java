package io.edgeobs.model.convert.jsonlog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Turns one line of a JSON log file into a {@link LogRecord}, and never fails: a line that is not a JSON object
 * becomes a record whose message is the raw line.
 *
 * <ul>
 *   <li>time: the first of {@code ts}, {@code time}, {@code timestamp}, {@code @timestamp} that can be read, as
 *       RFC 3339 or as an epoch number (see {@link Timestamps}); otherwise the time the line was read</li>
 *   <li>level: {@code level}, {@code severity} or {@code lvl}: names ({@code warn}, {@code WARNING}, {@code err},
 *       ...) or numbers, also as strings: 0-7 syslog severities, 10/20/30/40/50/60 pino and bunyan levels, other
 *       8-24 OTLP severity numbers</li>
 *   <li>message: {@code msg} or {@code message} (a non-string message is kept as its JSON text)</li>
 *   <li>correlation: {@code trace_id}/{@code traceId} (32 hex digits) and {@code span_id}/{@code spanId} (16)</li>
 *   <li>every other key is kept as a structured field, nested objects and arrays included; so is a mapped key
 *       whose value could not be read, so that nothing is lost. Integers beyond 64 bits, and numbers beyond the
 *       range of a double, are kept as strings, exactly.</li>
 *   <li>a line that is not exactly one JSON object (not JSON, an array, an object followed by more text) becomes
 *       a record whose message is the raw line, level unspecified, time the time the line was read. A key given
 *       twice keeps its last value, as most JSON readers do.</li>
 * </ul>
 */
public final class JsonLogConverter {

    /** Floats as exact decimals (epoch timestamps keep every digit); text after the object is not ignored. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final String[] TIME_KEYS = {"ts", "time", "timestamp", "@timestamp"};
    private static final String[] LEVEL_KEYS = {"level", "severity", "lvl"};
    private static final String[] MESSAGE_KEYS = {"msg", "message"};
    private static final String[] TRACE_KEYS = {"trace_id", "traceId"};
    private static final String[] SPAN_KEYS = {"span_id", "spanId"};

    private JsonLogConverter() {
    }

    /**
     * @param line                  one line of the file, without its newline; {@code null} is read as empty
     * @param receivedAtUnixNanos   when the line was read: the record's time if the line carries none
     */
    public static LogRecord convert(String line, long receivedAtUnixNanos) {
        if (line == null) {
            return raw("", receivedAtUnixNanos);
        }
        String json = line.strip();
        if (!json.isEmpty() && json.charAt(0) == BYTE_ORDER_MARK) {
            json = json.substring(1);
        }
        if (!json.startsWith("{")) {
            return raw(line, receivedAtUnixNanos);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JacksonException | NumberFormatException notJson) {
            return raw(line, receivedAtUnixNanos);
        }
        if (!(node instanceof ObjectNode object)) {
            return raw(line, receivedAtUnixNanos);
        }
        long time = receivedAtUnixNanos;
        for (String key : TIME_KEYS) {
            OptionalLong parsed = Timestamps.parse(object.get(key));
            if (parsed.isPresent()) {
                time = parsed.getAsLong();
                object.remove(key);
                break;
            }
        }
        LogLevel level = LogLevel.UNSPECIFIED;
        for (String key : LEVEL_KEYS) {
            LogLevel parsed = level(object.get(key));
            if (parsed != null) {
                level = parsed;
                object.remove(key);
                break;
            }
        }
        String message = "";
        for (String key : MESSAGE_KEYS) {
            JsonNode m = object.get(key);
            if (m != null && !m.isNull()) {
                message = m.isTextual() ? m.textValue() : m.toString();
                object.remove(key);
                break;
            }
        }
        Id traceId = id(object, TRACE_KEYS, Id.TRACE_ID_LENGTH);
        Id spanId = id(object, SPAN_KEYS, Id.SPAN_ID_LENGTH);
        return new LogRecord(time, level, message, toMap(object), traceId, spanId);
    }

    private static LogRecord raw(String line, long receivedAtUnixNanos) {
        return LogRecord.of(receivedAtUnixNanos, LogLevel.UNSPECIFIED, line);
    }

    static LogLevel level(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            String text = node.textValue().strip();
            return isSmallNumber(text) ? level(Integer.parseInt(text)) : LogLevel.parse(text).orElse(null);
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return level(node.intValue());
        }
        return null;
    }

    /** 0-7 syslog; 10, 20, ..., 60 pino/bunyan (trace..fatal); other 8-24 OTLP severity; anything else none. */
    static LogLevel level(int n) {
        if (n >= 0 && n <= 7) {
            return LogLevel.fromSyslog(n);
        }
        return switch (n) {
            case 10 -> LogLevel.TRACE;
            case 20 -> LogLevel.DEBUG;
            case 30 -> LogLevel.INFO;
            case 40 -> LogLevel.WARN;
            case 50 -> LogLevel.ERROR;
            case 60 -> LogLevel.FATAL;
            default -> n >= 8 && n <= 24 ? LogLevel.fromOtlpSeverity(n) : null;
        };
    }

    private static boolean isSmallNumber(String text) {
        if (text.isEmpty() || text.length() > 3) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static Id id(ObjectNode object, String[] keys, int length) {
        for (String key : keys) {
            JsonNode v = object.get(key);
            if (v != null && v.isTextual() && v.textValue().length() == 2 * length) {
                try {
                    Id id = Id.fromHex(v.textValue());
                    if (!id.isAllZero()) {
                        object.remove(key);
                        return id;
                    }
                } catch (IllegalArgumentException notHex) {
                    // kept as a field below
                }
            }
        }
        return Id.EMPTY;
    }

    private static Map<String, Object> toMap(ObjectNode object) {
        Map<String, Object> m = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            m.put(e.getKey(), toValue(e.getValue()));
        }
        return m;
    }

    private static Object toValue(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Object) v.longValue() : v.bigIntegerValue().toString();
        }
        if (v.isNumber()) {
            double d = v.doubleValue();
            return Double.isFinite(d) ? (Object) d : v.decimalValue().toString();
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>(v.size());
            v.forEach(item -> out.add(toValue(item)));
            return out;
        }
        if (v instanceof ObjectNode o) {
            return toMap(o);
        }
        return v.toString();
    }
}

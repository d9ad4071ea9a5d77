package io.edgeobs.model;

import java.util.Map;

/**
 * One structured log record.
 *
 * @param fields   structured fields, a JSON object (see {@link Fields})
 * @param traceId  empty, or the 16-byte id of the trace it belongs to
 * @param spanId   empty, or the 8-byte id of the span it belongs to
 */
public record LogRecord(long timestampUnixNanos, LogLevel level, String message, Map<String, Object> fields,
                        Id traceId, Id spanId) implements TelemetryRecord {

    public LogRecord {
        level = level == null ? LogLevel.UNSPECIFIED : level;
        message = Resource.nullToEmpty(message);
        fields = Fields.copyOf(fields);
        traceId = traceId == null ? Id.EMPTY : traceId;
        spanId = spanId == null ? Id.EMPTY : spanId;
    }

    public static LogRecord of(long timestampUnixNanos, LogLevel level, String message) {
        return new LogRecord(timestampUnixNanos, level, message, Fields.EMPTY, Id.EMPTY, Id.EMPTY);
    }

    public LogRecord withFields(Map<String, ?> newFields) {
        return new LogRecord(timestampUnixNanos, level, message, Fields.copyOf(newFields), traceId, spanId);
    }

    @Override
    public Signal signal() {
        return Signal.LOGS;
    }

    @Override
    public long timeUnixNanos() {
        return timestampUnixNanos;
    }
}

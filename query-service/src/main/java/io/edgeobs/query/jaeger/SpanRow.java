package io.edgeobs.query.jaeger;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One row of the ingest service's {@code spans} table as the Jaeger API reads it: ids in lowercase hex, times in
 * nanoseconds since the epoch (PostgreSQL keeps microseconds, so the last three digits are zero), the jsonb columns
 * parsed. {@code parentSpanId} is null for a root span.
 */
public record SpanRow(String traceId, String spanId, String parentSpanId, String deviceId, String service,
                      String operation, String kind, long startNanos, long durationNanos, String statusCode,
                      String statusMessage, JsonNode tags, JsonNode events, JsonNode links) {

    public long endNanos() {
        return startNanos + durationNanos;
    }

    public boolean isError() {
        return "error".equals(statusCode);
    }
}

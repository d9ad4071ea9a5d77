package io.edgeobs.query.jaeger;

import java.time.Instant;
import java.util.Map;

/**
 * What a trace search asks for: every criterion must hold for one span of a trace (as in Jaeger), the trace ids
 * found are ordered by their newest matching span. {@code service}, {@code operation} and the durations are null
 * when not asked for; {@code tags} may name the columns Jaeger shows as tags ({@code error}, {@code span.kind},
 * {@code otel.status_code}, {@code otel.status_description}, {@code device_id}) or stored span tags.
 */
public record TraceQuery(String service, String operation, Map<String, String> tags, Instant start, Instant end,
                         Long minDurationNanos, Long maxDurationNanos, int limit) {

    public TraceQuery {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}

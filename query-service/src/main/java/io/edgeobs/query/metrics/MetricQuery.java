package io.edgeobs.query.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A parsed and checked series query: {@code from} and {@code to} already aligned to whole {@code step} buckets
 * ({@code from} rounded down, {@code to} up, to multiples of the step since the Unix epoch), so every point is the
 * aggregate of one whole bucket {@code [t, t + step)}, whichever source serves it.
 */
public record MetricQuery(String name, Instant from, Instant to, Duration step, Aggregation aggregation,
                          List<TagMatcher> matchers, String device, List<String> groupBy, Source source,
                          List<String> warnings) {

    public MetricQuery {
        matchers = List.copyOf(matchers);
        groupBy = List.copyOf(groupBy);
        warnings = List.copyOf(warnings);
    }

    /** How far before {@code from} a rate looks for each series' previous sample: one step, at least 5 minutes. */
    Duration rateLookback() {
        return step.compareTo(Duration.ofMinutes(5)) < 0 ? Duration.ofMinutes(5) : step;
    }
}

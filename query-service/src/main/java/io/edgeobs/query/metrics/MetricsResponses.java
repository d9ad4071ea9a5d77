package io.edgeobs.query.metrics;

import java.util.List;
import java.util.Map;

/** The JSON bodies of the metrics API. */
public final class MetricsResponses {

    private MetricsResponses() {
    }

    /** Metric names, sorted; {@code truncated} when there were more than the limit. */
    public record Names(List<String> names, boolean truncated) {
    }

    /**
     * Tag keys of a metric with their values, sorted ({@code device_id} included as a pseudo-tag). A key with more
     * values than the cap lists the first ones and is named in {@code truncatedKeys}.
     */
    public record Tags(String name, Map<String, List<String>> tags, boolean truncated, List<String> truncatedKeys) {
    }

    /**
     * A series query's answer: the covered range (unix ms, aligned to the step), the step, the aggregation, the
     * source read, one entry per group with its grouped tags and points {@code [unix_ms, value]} (bucket starts,
     * ascending; buckets without samples are left out; a non-finite value is null), and warnings.
     */
    public record Query(String name, long from, long to, String step, String aggregation, String source,
                        List<Series> series, List<String> warnings) {
    }

    /** One group's points. */
    public record Series(Map<String, String> tags, List<Object[]> points) {
    }
}

package io.edgeobs.query.metrics;

import io.edgeobs.query.api.Params;
import io.edgeobs.query.api.QueryException;
import io.edgeobs.query.config.QueryConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the query string of {@code GET /api/v1/metrics/query} into a checked {@link MetricQuery}: parses every
 * parameter (400 naming it when wrong), picks the default step, enforces the range and points limits, aligns the
 * range to whole buckets and chooses the source ({@link SourceChooser}). Pure: no I/O, {@code now} is given.
 */
public final class MetricQueryParser {

    /** Steps a default step is rounded up to, in seconds. */
    private static final long[] NICE_STEPS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800,
            21600, 43200, 86400, 172800, 604800};
    private static final int MAX_REGEX = 256;

    private final QueryConfig config;

    public MetricQueryParser(QueryConfig config) {
        this.config = config;
    }

    /** Parses the query parameters ({@code tag.<key>} repeatable, others single). */
    public MetricQuery parse(Map<String, List<String>> params, Instant now) {
        String name = single(params, "name");
        if (name == null || name.isBlank()) {
            throw new QueryException.BadParameter("name", "missing; give the metric name, e.g. name=node_cpu_seconds_total");
        }
        Instant to = Params.instant("to", single(params, "to"), now, now);
        Instant from = Params.instant("from", single(params, "from"), now, to.minus(Duration.ofHours(1)));
        Params.range(from, to, config.maxRange());
        Duration range = Duration.between(from, to);
        Duration step = step(single(params, "step"), range);
        Aggregation agg = Aggregation.parse(single(params, "agg"));

        Instant alignedFrom = Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond(), step.toSeconds()) * step.toSeconds());
        long toSec = to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0);
        Instant alignedTo = Instant.ofEpochSecond(-Math.floorDiv(-toSec, step.toSeconds()) * step.toSeconds());
        long points = Duration.between(alignedFrom, alignedTo).toSeconds() / step.toSeconds();
        if (points > config.maxPoints()) {
            throw new QueryException.BadParameter("step", "a step of " + step.toSeconds() + "s gives " + points
                    + " points per series, more than the most allowed (" + config.maxPoints()
                    + ", edgeobs.query.max-points); the smallest step allowed for this range is "
                    + smallestStep(from, to) + "s");
        }

        List<String> warnings = new ArrayList<>();
        Source source = new SourceChooser(config.metrics()).choose(Source.parse(single(params, "source")), step,
                alignedFrom, alignedTo, now, warnings);
        String device = single(params, "device");
        return new MetricQuery(name.trim(), alignedFrom, alignedTo, step, agg, matchers(params),
                device == null || device.isBlank() ? null : device.trim(), groupBy(single(params, "groupBy")), source,
                warnings);
    }

    private Duration step(String value, Duration range) {
        if (value == null || value.isBlank()) {
            long wanted = Math.max(1, range.toSeconds() / Math.max(1, config.metrics().defaultPoints()));
            for (long s : NICE_STEPS) {
                if (s >= wanted) {
                    return Duration.ofSeconds(s);
                }
            }
            return Duration.ofSeconds(-Math.floorDiv(-wanted, 86400) * 86400);
        }
        Duration step = Params.duration("step", value);
        if (step.toNanos() % 1_000_000_000L != 0 || step.toSeconds() < 1) {
            throw new QueryException.BadParameter("step", "must be a whole number of seconds, at least 1s; was '"
                    + value + "'");
        }
        return step;
    }

    /** The smallest whole-second step whose aligned buckets over {@code [from, to)} are at most max-points. */
    private long smallestStep(Instant from, Instant to) {
        long rangeSec = Duration.between(from, to).toSeconds() + 1;
        long s = Math.max(1, -Math.floorDiv(-rangeSec, config.maxPoints()));
        while (true) {
            long first = Math.floorDiv(from.getEpochSecond(), s);
            long last = -Math.floorDiv(-(to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0)), s);
            if (last - first <= config.maxPoints()) {
                return s;
            }
            s++;
        }
    }

    private static List<TagMatcher> matchers(Map<String, List<String>> params) {
        List<TagMatcher> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : new LinkedHashMap<>(params).entrySet()) {
            if (!e.getKey().startsWith("tag.")) {
                continue;
            }
            String key = e.getKey().substring(4);
            if (key.isBlank()) {
                throw new QueryException.BadParameter(e.getKey(), "give the tag key after 'tag.', e.g. tag.host=web-1");
            }
            List<String> exact = new ArrayList<>();
            for (String v : e.getValue()) {
                if (v.startsWith("~")) {
                    String regex = v.substring(1);
                    if (regex.isEmpty() || regex.length() > MAX_REGEX) {
                        throw new QueryException.BadParameter(e.getKey(), "a regular expression after '=~' of 1 to "
                                + MAX_REGEX + " characters is expected");
                    }
                    out.add(new TagMatcher(key, null, regex));
                } else {
                    exact.add(v);
                }
            }
            if (!exact.isEmpty()) {
                out.add(new TagMatcher(key, exact, null));
            }
        }
        return out;
    }

    private static List<String> groupBy(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> keys = Arrays.stream(value.split(",")).map(String::trim).filter(k -> !k.isEmpty()).distinct()
                .toList();
        if (keys.size() > 16) {
            throw new QueryException.BadParameter("groupBy", "at most 16 tag keys, was " + keys.size());
        }
        return keys;
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new QueryException.BadParameter(name, "give it once, was given " + v.size() + " times");
        }
        return v.get(0);
    }
}

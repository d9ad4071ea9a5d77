package io.edgeobs.ingest.storage.write;

import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fleet view takes from an agent's own metrics ({@code edgeobs_agent_*}, see the edge-agent README): buffer
 * use and budget, records dropped, and export lag, each summed over the agent's per-signal series, from the latest
 * sample of each series. Names are matched with dots or underscores and with or without {@code _total}.
 */
final class SelfTelemetry {

    enum Measure { BUFFER_BYTES, BUFFER_BUDGET_BYTES, DROPPED_RECORDS, EXPORT_LAG }

    private static final String PREFIX = "edgeobs_agent_";

    /** The latest point per measure and tag set. */
    private final Map<Measure, Map<Tags, MetricPoint>> latest = new HashMap<>();

    static Measure measureOf(String name) {
        String n = name.replace('.', '_');
        if (!n.startsWith(PREFIX)) {
            return null;
        }
        if (n.endsWith("_total")) {
            n = n.substring(0, n.length() - "_total".length());
        }
        return switch (n.substring(PREFIX.length())) {
            case "buffer_bytes" -> Measure.BUFFER_BYTES;
            case "buffer_budget_bytes" -> Measure.BUFFER_BUDGET_BYTES;
            case "buffer_dropped" -> Measure.DROPPED_RECORDS;
            case "export_lag" -> Measure.EXPORT_LAG;
            default -> null;
        };
    }

    void add(List<MetricPoint> points) {
        for (MetricPoint p : points) {
            if (p.name().startsWith("edgeobs") && !Double.isNaN(p.value())) {
                Measure m = measureOf(p.name());
                if (m != null) {
                    latest.computeIfAbsent(m, k -> new HashMap<>())
                            .merge(p.tags(), p, (a, b) -> b.timestampUnixNanos() >= a.timestampUnixNanos() ? b : a);
                }
            }
        }
    }

    boolean isEmpty() {
        return latest.isEmpty();
    }

    /** The sum over series, or null when the agent did not report the measure. */
    Double value(Measure m) {
        Map<Tags, MetricPoint> series = latest.get(m);
        return series == null ? null : series.values().stream().mapToDouble(MetricPoint::value).sum();
    }

    /** Time of the newest sample taken into account, unix ns. */
    long timeUnixNanos() {
        return latest.values().stream().flatMap(s -> s.values().stream()).mapToLong(MetricPoint::timestampUnixNanos)
                .max().orElse(0);
    }
}

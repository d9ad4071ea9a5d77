package io.edgeobs.query.metrics;

import io.edgeobs.query.api.QueryException;

import java.time.Duration;

/**
 * Where a metrics query reads its samples: raw points, or one of the ingest service's rollups (min, max, avg, sum,
 * count, last per series per bucket). A rollup can only serve steps that are whole multiples of its bucket, so
 * that every rollup bucket falls inside one step bucket.
 */
public enum Source {
    RAW("raw", "metric_points", null),
    M1("metrics_1m", "metrics_1m", Duration.ofMinutes(1)),
    H1("metrics_1h", "metrics_1h", Duration.ofHours(1));

    private final String wireName;
    private final String table;
    private final Duration bucket;

    Source(String wireName, String table, Duration bucket) {
        this.wireName = wireName;
        this.table = table;
        this.bucket = bucket;
    }

    /** As the response names it: raw, metrics_1m, metrics_1h. */
    public String wireName() {
        return wireName;
    }

    String table() {
        return table;
    }

    /** The rollup's bucket width; null for raw. */
    Duration bucket() {
        return bucket;
    }

    boolean isRollup() {
        return bucket != null;
    }

    /** Whether this source can serve buckets of {@code step}. */
    boolean serves(Duration step) {
        return bucket == null || step.toSeconds() % bucket.toSeconds() == 0;
    }

    /** The {@code source} parameter: auto (null), raw, 1m or 1h (the table names are accepted too). */
    static Source parse(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("auto")) {
            return null;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "raw", "metric_points" -> RAW;
            case "1m", "metrics_1m" -> M1;
            case "1h", "metrics_1h" -> H1;
            default -> throw new QueryException.BadParameter("source", "unknown source '" + value
                    + "'; use auto, raw, 1m or 1h");
        };
    }
}

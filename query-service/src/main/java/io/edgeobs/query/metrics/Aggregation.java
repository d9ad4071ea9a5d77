package io.edgeobs.query.metrics;

import io.edgeobs.query.api.QueryException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the samples of one time bucket, of all series of one group, become one value. Each has its SQL over the
 * common sample rows {@code (t, min, max, sum, count, last)} that raw points and rollup rows are both read as, so
 * the same expression is right for either source (avg is {@code sum(sum) / sum(count)}: weighted by points, never an
 * average of averages). {@link #RATE} is computed differently, per series first (see {@link PointsSql}).
 */
public enum Aggregation {
    AVG("sum(r.sum) / sum(r.count)"),
    MIN("min(r.min)"),
    MAX("max(r.max)"),
    SUM("sum(r.sum)"),
    COUNT("sum(r.count)"),
    LAST("(array_agg(r.last ORDER BY r.t DESC, r.last DESC))[1]"),
    RATE(null);

    private final String sql;

    Aggregation(String sql) {
        this.sql = sql;
    }

    /** The SQL aggregate over sample rows {@code r}; not for {@link #RATE}. */
    String sql() {
        return sql;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code agg}; absent is avg. */
    public static Aggregation parse(String value) {
        if (value == null || value.isBlank()) {
            return AVG;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new QueryException.BadParameter("agg", "unknown aggregation '" + value + "'; use one of "
                    + Arrays.stream(values()).map(Aggregation::wireName).collect(Collectors.joining(", ")));
        }
    }
}

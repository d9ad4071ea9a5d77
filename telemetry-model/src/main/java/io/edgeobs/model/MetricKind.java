package io.edgeobs.model;

/** What role a metric point plays. Histogram and summary parts are separate points, like Prometheus samples. */
public enum MetricKind {
    GAUGE,
    /** Monotonic and cumulative; a drop in value is a reset. */
    COUNTER,
    /** Cumulative count of observations up to the bound in tag {@code le}. */
    HISTOGRAM_BUCKET,
    HISTOGRAM_SUM,
    HISTOGRAM_COUNT,
    /** Value of the quantile in tag {@code quantile}. */
    SUMMARY_QUANTILE,
    SUMMARY_SUM,
    SUMMARY_COUNT;

    /** Whether NaN is a legal value: only for gauges and summary quantiles (a quantile of no observations). */
    public boolean allowsNaN() {
        return this == GAUGE || this == SUMMARY_QUANTILE;
    }

    /** Whether the value counts something and so can never be negative. */
    public boolean isCount() {
        return this == COUNTER || this == HISTOGRAM_BUCKET || this == HISTOGRAM_COUNT || this == SUMMARY_COUNT;
    }
}

package io.edgeobs.model.convert.prometheus;

import java.util.Locale;

/** The two text exposition formats, and how to tell them apart by content type. */
public enum PrometheusFormat {
    /** {@code text/plain; version=0.0.4}: timestamps in milliseconds, no EOF marker. */
    TEXT_0_0_4,
    /** {@code application/openmetrics-text; version=1.0.0}: timestamps in seconds, exemplars, units, {@code # EOF}. */
    OPENMETRICS_1_0;

    /** The Accept header Prometheus sends: OpenMetrics preferred, the classic text format as fallback. */
    public static final String ACCEPT_HEADER = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /** The format of a response by its Content-Type; anything that is not OpenMetrics is read as 0.0.4. */
    public static PrometheusFormat fromContentType(String contentType) {
        if (contentType != null
                && contentType.strip().toLowerCase(Locale.ROOT).startsWith("application/openmetrics-text")) {
            return OPENMETRICS_1_0;
        }
        return TEXT_0_0_4;
    }
}

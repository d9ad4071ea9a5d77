package io.edgeobs.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the query-service, under {@code edgeobs.query.*}. Every property has a documented default. */
@ConfigMapping(prefix = "edgeobs.query")
public interface QueryConfig {

    /** Longest time range one query may cover. */
    @WithDefault("P31D")
    Duration maxRange();

    /** Most points one series query may return. */
    @WithDefault("11000")
    int maxPoints();

    Auth auth();

    interface Auth {
        /**
         * API keys made at start if they do not exist, as {@code tenant:role:name:secret}, comma separated: the first
         * admin of a tenant, Grafana's viewer key. Secrets of at least 16 characters without {@code :} or {@code ,}.
         * Unset: no key is made (and nothing under /api answers until one is stored).
         */
        Optional<List<String>> seedKeys();
    }

    Metrics metrics();

    /** The metrics API ({@code /api/v1/metrics}). */
    interface Metrics {
        /** Most series one metrics query may read; a query matching more is refused with 400 (narrow by tag or device). */
        @WithDefault("500")
        int maxSeries();

        /** Most metric names one names request returns (also its default limit). */
        @WithDefault("1000")
        int maxNames();

        /** Most values listed per tag key by the tags endpoint; more sets {@code truncated}. */
        @WithDefault("500")
        int maxTagValues();

        /** Points per series a query aims at when no step is given (the step is range / this, rounded up to a nice value). */
        @WithDefault("300")
        int defaultPoints();

        /** With {@code source=auto}, ranges up to this long read raw points whatever the step (cheap, and exact for rate). */
        @WithDefault("1h")
        Duration rawMaxRange();

        /** How long the ingest service keeps raw points (its raw-retention); auto does not read raw for older ranges. */
        @WithDefault("7d")
        Duration rawRetention();

        /** How long the ingest service keeps {@code metrics_1m} (its rollup1m-retention); older ranges read metrics_1h. */
        @WithDefault("90d")
        Duration rollup1mRetention();
    }
}

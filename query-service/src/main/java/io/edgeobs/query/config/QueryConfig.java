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

    /** The Jaeger-compatible query API under {@code /api} (v1 JSON and v3 OTLP JSON). */
    Jaeger jaeger();

    interface Jaeger {
        /** Traces a search returns when the request gives no limit (Jaeger's own default). */
        @WithDefault("100")
        int defaultLimit();

        /** Most traces one search may return; a larger {@code limit} is refused with 400. */
        @WithDefault("1500")
        int maxLimit();

        /** Most spans returned per trace; a longer trace is cut (earliest spans kept) with a trace warning. */
        @WithDefault("10000")
        int maxSpansPerTrace();

        /** How far back a search looks when it gives no start time (nor a lookback). */
        @WithDefault("PT1H")
        Duration defaultLookback();

        /** How far back {@code /api/dependencies} looks when it gives no lookback (Jaeger's default). */
        @WithDefault("PT24H")
        Duration dependenciesLookback();
    }
}

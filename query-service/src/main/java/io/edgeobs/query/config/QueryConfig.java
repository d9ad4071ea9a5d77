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
}

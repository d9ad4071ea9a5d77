package io.edgeobs.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of the query-service, under {@code edgeobs.query.*}. Every property has a documented default. */
@ConfigMapping(prefix = "edgeobs.query")
public interface QueryConfig {

    /** Longest time range one query may cover. */
    @WithDefault("P31D")
    Duration maxRange();

    /** Most points one series query may return. */
    @WithDefault("11000")
    int maxPoints();
}

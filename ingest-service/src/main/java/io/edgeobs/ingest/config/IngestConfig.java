package io.edgeobs.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Configuration of the ingest-service, under {@code edgeobs.ingest.*}. Every property has a documented default. */
@ConfigMapping(prefix = "edgeobs.ingest")
public interface IngestConfig {

    /** Kafka topics consumed. */
    @WithDefault("edgeobs.metrics,edgeobs.spans,edgeobs.logs")
    List<String> topics();

    /** Kafka consumer group; instances with the same group share partitions. */
    @WithDefault("edgeobs-ingest")
    String consumerGroup();
}

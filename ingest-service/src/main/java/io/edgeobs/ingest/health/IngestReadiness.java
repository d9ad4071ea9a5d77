package io.edgeobs.ingest.health;

import io.edgeobs.ingest.config.IngestConfig;
import io.edgeobs.ingest.consume.IngestConsumers;
import io.edgeobs.ingest.storage.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the database is prepared and every consumer stores what it polls. While the database (or the
 * registry, the DLQ, a sink) is unavailable the service is not ready, with the reason, but stays alive: the
 * consumers pause and retry on their own.
 */
@Readiness
@ApplicationScoped
public class IngestReadiness implements HealthCheck {

    static final String NAME = "ingest-service";

    private final IngestConfig config;
    private final Storage storage;
    private final IngestConsumers consumers;

    public IngestReadiness(IngestConfig config, Storage storage, IngestConsumers consumers) {
        this.config = config;
        this.storage = storage;
        this.consumers = consumers;
    }

    @Override
    public HealthCheckResponse call() {
        String problem = consumers.problem();
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME)
                .withData("consumer-group", String.valueOf(config.consumerGroup()))
                .withData("consumers", consumers.consumers())
                .withData("dialect", storage.isReady() ? storage.dialect().name() : "unknown")
                .withData("logs", config.sinks().logs())
                .withData("spans", config.sinks().spans())
                .withData("lag", consumers.lag());
        if (problem != null) {
            return b.withData("problem", problem).down().build();
        }
        return b.up().build();
    }
}

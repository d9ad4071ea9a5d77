package io.edgeobs.ingest.health;

import io.edgeobs.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the ingest-service. Grows a check per dependency (storage, Kafka, ...) as the service gains them. */
@Readiness
@ApplicationScoped
public class IngestReadiness implements HealthCheck {

    static final String NAME = "ingest-service";

    private final IngestConfig config;

    public IngestReadiness(IngestConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .withData("consumer-group", String.valueOf(config.consumerGroup()))
                .up()
                .build();
    }
}

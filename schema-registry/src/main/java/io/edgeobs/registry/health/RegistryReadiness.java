package io.edgeobs.registry.health;

import io.edgeobs.registry.config.RegistryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the schema-registry. Grows a check per dependency (storage, Kafka, ...) as the service gains them. */
@Readiness
@ApplicationScoped
public class RegistryReadiness implements HealthCheck {

    static final String NAME = "schema-registry";

    private final RegistryConfig config;

    public RegistryReadiness(RegistryConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .withData("default-compatibility", String.valueOf(config.defaultCompatibility()))
                .up()
                .build();
    }
}

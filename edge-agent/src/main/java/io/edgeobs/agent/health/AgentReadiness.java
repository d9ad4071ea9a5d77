package io.edgeobs.agent.health;

import io.edgeobs.agent.config.AgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the edge-agent. Grows a check per dependency (storage, Kafka, ...) as the service gains them. */
@Readiness
@ApplicationScoped
public class AgentReadiness implements HealthCheck {

    static final String NAME = "edge-agent";

    private final AgentConfig config;

    public AgentReadiness(AgentConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .withData("device-id", String.valueOf(config.deviceId()))
                .up()
                .build();
    }
}

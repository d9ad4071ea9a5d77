package io.edgeobs.gateway.health;

import io.edgeobs.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the edge-gateway. Grows a check per dependency (storage, Kafka, ...) as the service gains them. */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    static final String NAME = "edge-gateway";

    private final GatewayConfig config;

    public GatewayReadiness(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .withData("gateway-id", String.valueOf(config.gatewayId()))
                .up()
                .build();
    }
}

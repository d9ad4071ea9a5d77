package io.edgeobs.gateway.health;

import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.gateway.forward.Forwarding;
import io.edgeobs.gateway.policy.PolicyHolder;
import io.edgeobs.gateway.schema.SchemaIds;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the edge-gateway: ready once the registry ids of its Kafka values are known. A Kafka outage does not
 * make it unready, because intake goes on into the durable log (store and forward); the forwarders' state and lag are
 * in the check's data.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    static final String NAME = "edge-gateway";

    private final GatewayConfig config;
    private final SchemaIds ids;
    private final Forwarding forwarding;
    private final PolicyHolder policy;

    public GatewayReadiness(GatewayConfig config, SchemaIds ids, Forwarding forwarding, PolicyHolder policy) {
        this.config = config;
        this.ids = ids;
        this.forwarding = forwarding;
        this.policy = policy;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME)
                .withData("gateway-id", String.valueOf(config.gatewayId()))
                .withData("region", config.region())
                .withData("policy-version", policy.engine().document().version());
        if (!policy.lastError().isEmpty()) {
            b.withData("policy-refused", policy.lastError());
        }
        forwarding.status().forEach((signal, status) -> b.withData("forward-" + signal, status));
        if (!ids.isResolved()) {
            return b.withData("schema-registry", ids.problem()).down().build();
        }
        return b.up().build();
    }
}

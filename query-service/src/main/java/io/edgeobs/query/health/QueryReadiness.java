package io.edgeobs.query.health;

import io.edgeobs.query.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the query-service. Grows a check per dependency (storage, Kafka, ...) as the service gains them. */
@Readiness
@ApplicationScoped
public class QueryReadiness implements HealthCheck {

    static final String NAME = "query-service";

    private final QueryConfig config;

    public QueryReadiness(QueryConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .withData("max-range", String.valueOf(config.maxRange()))
                .up()
                .build();
    }
}

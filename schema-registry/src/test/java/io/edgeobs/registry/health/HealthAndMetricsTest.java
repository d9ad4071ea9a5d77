package io.edgeobs.registry.health;

import io.edgeobs.testsupport.postgres.PostgresResource;
import io.edgeobs.testsupport.quarkus.ServiceEndpoints;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class HealthAndMetricsTest {

    @Test
    void shouldServeLiveness() {
        ServiceEndpoints.assertLive();
    }

    @Test
    void shouldReportItsOwnReadinessCheck() {
        ServiceEndpoints.assertReady("schema-registry", "default-compatibility");
    }

    @Test
    void shouldServePrometheusMetricsWithBuildInfo() {
        ServiceEndpoints.assertPrometheusMetrics("schema-registry");
    }
}

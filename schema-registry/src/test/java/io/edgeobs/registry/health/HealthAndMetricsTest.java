package io.edgeobs.registry.health;

import io.edgeobs.testsupport.quarkus.ServiceEndpoints;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
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

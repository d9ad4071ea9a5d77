package io.edgeobs.agent.health;

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
        ServiceEndpoints.assertReady("edge-agent", "device-id");
    }

    @Test
    void shouldServePrometheusMetricsWithBuildInfo() {
        ServiceEndpoints.assertPrometheusMetrics("edge-agent");
    }
}

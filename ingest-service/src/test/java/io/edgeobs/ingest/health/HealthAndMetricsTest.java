package io.edgeobs.ingest.health;

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
        ServiceEndpoints.assertReady("ingest-service", "consumer-group");
    }

    @Test
    void shouldServePrometheusMetricsWithBuildInfo() {
        ServiceEndpoints.assertPrometheusMetrics("ingest-service");
    }
}

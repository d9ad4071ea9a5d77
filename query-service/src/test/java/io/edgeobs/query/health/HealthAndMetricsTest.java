package io.edgeobs.query.health;

import io.edgeobs.testsupport.quarkus.ServiceEndpoints;
import io.edgeobs.query.testing.QueryTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(QueryTestProfile.class)
class HealthAndMetricsTest {

    @Test
    void shouldServeLiveness() {
        ServiceEndpoints.assertLive();
    }

    @Test
    void shouldReportItsOwnReadinessCheck() {
        ServiceEndpoints.assertReady("query-service", "max-range");
    }

    @Test
    void shouldServePrometheusMetricsWithBuildInfo() {
        ServiceEndpoints.assertPrometheusMetrics("query-service");
    }
}

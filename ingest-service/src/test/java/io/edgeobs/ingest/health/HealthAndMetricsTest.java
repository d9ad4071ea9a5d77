package io.edgeobs.ingest.health;

import io.edgeobs.testsupport.quarkus.ServiceEndpoints;
import io.edgeobs.ingest.testing.IngestTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

@QuarkusTest
@TestProfile(IngestTestProfile.class)
class HealthAndMetricsTest {

    @Test
    void shouldServeLiveness() {
        ServiceEndpoints.assertLive();
    }

    @Test
    void shouldReportItsOwnReadinessCheck() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ServiceEndpoints.assertReady("ingest-service", "dialect"));
        ServiceEndpoints.assertReady("ingest-service", "consumer-group");
    }

    @Test
    void shouldServePrometheusMetricsWithBuildInfo() {
        ServiceEndpoints.assertPrometheusMetrics("ingest-service");
    }
}

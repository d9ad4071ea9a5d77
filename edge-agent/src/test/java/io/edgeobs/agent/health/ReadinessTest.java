package io.edgeobs.agent.health;

import io.edgeobs.agent.ingest.BackpressureException;
import io.edgeobs.agent.ingest.Ingest;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Tags;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/** Readiness follows the buffer and the export; liveness only the process. */
@QuarkusTest
@TestProfile(ReadinessTest.FullBufferProfile.class)
class ReadinessTest {

    /** A 256 KiB budget and a gateway that never answers. */
    public static class FullBufferProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edgeobs.agent.data-dir", "target/agent-data-readiness-" + System.nanoTime(),
                    "edgeobs.agent.buffer.budget", "256K",
                    "edgeobs.agent.buffer.block-timeout", "100ms",
                    "edgeobs.agent.export.type", "gateway",
                    "edgeobs.agent.export.gateway-url", "http://127.0.0.1:1",
                    "edgeobs.agent.health.export-stale", "1s",
                    "edgeobs.agent.self-telemetry.interval", "0s",
                    "edgeobs.agent.policy.metrics.samples-per-second", "0");
        }
    }

    @Inject
    Ingest ingest;

    @Test
    void shouldTurnNotReadyWhenTheBufferIsFullAndNothingIsDeliveredButStayLive() {
        // Given an empty buffer, the agent is ready
        given().get("/q/health/ready").then().statusCode(200);

        // When the device produces until the metrics buffer pushes back
        long now = System.currentTimeMillis() * 1_000_000L;
        boolean pushedBack = false;
        for (int batch = 0; batch < 500 && !pushedBack; batch++) {
            List<MetricPoint> points = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                points.add(MetricPoint.gauge("fill_" + i, batch, now, Tags.of("batch", Integer.toString(batch))));
            }
            try {
                ingest.accept(Signal.METRICS, points).await().atMost(Duration.ofSeconds(10));
            } catch (BackpressureException e) {
                pushedBack = true;
            }
        }
        assertThat(pushedBack).as("the buffer pushed back").isTrue();

        // Then readiness is down and says why, while liveness is up
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                .body(containsString("nearly full")).body(containsString("nothing delivered for")));
        given().get("/q/health/live").then().statusCode(200);
    }
}

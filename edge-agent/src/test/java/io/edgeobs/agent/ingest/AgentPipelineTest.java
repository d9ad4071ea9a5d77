package io.edgeobs.agent.ingest;

import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Tags;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/** Records handed to the agent are validated, made durable, and exported (to a JSON-lines file in tests). */
@QuarkusTest
class AgentPipelineTest {

    @Inject
    Ingest ingest;

    @Inject
    MeterRegistry registry;

    @Test
    void shouldAcceptValidRecordsDurablyExportThemAndCountTheRest() throws Exception {
        // Given one valid point and one with a NaN counter
        long now = System.currentTimeMillis() * 1_000_000L;
        String pump = "p-" + java.util.UUID.randomUUID(); // the export file outlives a test run: look for this run's data
        List<MetricPoint> points = List.of(
                MetricPoint.gauge("pump_pressure_bar", 2.5, now, Tags.of("pump", pump)),
                MetricPoint.counter("starts_" + pump.replace("-", "_") + "_total", Double.NaN, now, Tags.EMPTY));

        double invalidBefore = registry.counter("edgeobs.agent.records.rejected", "signal", "metrics",
                "reason", "invalid").count(); // other tests share this application

        // When
        Accepted accepted = ingest.accept(Signal.METRICS, points).await().atMost(Duration.ofSeconds(10));

        // Then
        assertThat(accepted.accepted()).isEqualTo(1);
        assertThat(accepted.rejected()).isEqualTo(1);
        assertThat(accepted.violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("NaN is not allowed for a COUNTER"));
        Path export = Path.of("target/agent-data/export.jsonl");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(export)
                && Files.readString(export).contains(pump));
        assertThat(Files.readString(export)).contains("pump_pressure_bar")
                .doesNotContain("starts_" + pump.replace("-", "_") + "_total");
        given().accept("text/plain; version=0.0.4").get("/q/metrics").then().statusCode(200)
                .body(containsString("edgeobs_agent_records_rejected_total{reason=\"invalid\",signal=\"metrics\",} "
                        + (invalidBefore + 1)))
                .body(containsString("edgeobs_agent_buffer_bytes{signal=\"metrics\",}"))
                .body(containsString("edgeobs_agent_export_batches_total{signal=\"metrics\",}"));
    }

}

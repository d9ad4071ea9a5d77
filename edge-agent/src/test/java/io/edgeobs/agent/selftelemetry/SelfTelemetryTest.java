package io.edgeobs.agent.selftelemetry;

import io.edgeobs.agent.testing.ExportFile;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The agent ships its own meters as metrics (test profile: every second, exported to a JSON-lines file). */
@QuarkusTest
class SelfTelemetryTest {

    @Test
    void shouldShipItsOwnBufferDropAndExportMetersAsTelemetryNamedAsOnItsMetricsPage() {
        long since = System.currentTimeMillis() * 1_000_000L;

        // one snapshot can be split over export batches: wait until all of it is out
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(selfPoints(since, "edgeobs_agent_buffer_bytes")).extracting(p -> p.tags().get("signal"))
                    .contains("metrics", "spans", "logs");
            assertThat(selfPoints(since, "edgeobs_agent_buffer_budget_bytes")).first()
                    .satisfies(p -> assertThat(p.value()).isPositive());
            assertThat(selfPoints(since, "edgeobs_agent_buffer_dropped")).extracting(p -> p.tags().get("reason"))
                    .contains("budget", "expired");
            assertThat(selfPoints(since, "edgeobs_agent_export_batches_total")).isNotEmpty().allSatisfy(p ->
                    assertThat(p.kind()).isEqualTo(MetricKind.COUNTER));
            assertThat(selfPoints(since, "edgeobs_agent_process_resident_memory_bytes")).first()
                    .satisfies(p -> assertThat(p.value()).isGreaterThan(10 * 1024 * 1024));
        });
    }

    /** Points with this name, timestamped after {@code since}, from what the agent exported. */
    private static List<MetricPoint> selfPoints(long since, String name) {
        return ExportFile.batchesContaining(name).stream().flatMap(b -> b.metrics().stream())
                .filter(p -> p.name().equals(name) && p.timestampUnixNanos() >= since).toList();
    }
}

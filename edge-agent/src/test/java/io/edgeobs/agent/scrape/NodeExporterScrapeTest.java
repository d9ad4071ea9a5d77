package io.edgeobs.agent.scrape;

import io.edgeobs.agent.testing.ExportFile;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.testsupport.process.NodeExporter;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The agent scrapes a real node_exporter; its series come out of the export side with the right values. */
@QuarkusTest
class NodeExporterScrapeTest {

    @Inject
    Scraping scraping;

    @Test
    void shouldScrapeARealNodeExporterAndDeliverItsSeriesWithTheRightValues() throws IOException {
        // Given a real node_exporter and a target for it, with a job name unique to this run
        String job = "node-" + UUID.randomUUID();
        try (NodeExporter node = NodeExporter.start(Path.of("target/node-exporter.log"))) {
            scraping.apply(List.of(new ScrapeTarget(job, node.metricsUrl(), Duration.ofSeconds(1),
                    Duration.ofSeconds(1), Map.of("site", "test-bench"))));
            try {
                // When the agent has scraped at least once and exported what it scraped
                await().atMost(Duration.ofSeconds(30)).until(() -> !points(job, "node_memory_MemTotal_bytes").isEmpty());
            } finally {
                scraping.apply(List.of());
            }

            // Then MemTotal is what the kernel says, as a gauge with the target labels
            long memTotalKb = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:")).map(l -> l.replaceAll("[^0-9]", ""))
                    .mapToLong(Long::parseLong).findFirst().orElseThrow();
            MetricPoint mem = points(job, "node_memory_MemTotal_bytes").get(0);
            assertThat(mem.value()).isEqualTo(memTotalKb * 1024.0);
            assertThat(mem.kind()).isEqualTo(io.edgeobs.model.MetricKind.GAUGE);
            assertThat(mem.tags()).containsEntry("instance", "127.0.0.1:" + node.port())
                    .containsEntry("site", "test-bench");
            // the scrape that brought MemTotal recorded up 1 (a scrape of a busy machine may time out: that one is up 0)
            assertThat(points(job, "up")).filteredOn(up -> up.timestampUnixNanos() == mem.timestampUnixNanos())
                    .singleElement().satisfies(up -> assertThat(up.value()).isEqualTo(1.0));
            assertThat(points(job, "node_exporter_build_info")).first()
                    .satisfies(p -> assertThat(p.tags()).containsKey("version"));
            assertThat(points(job, "node_cpu_seconds_total")).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.kind()).isEqualTo(io.edgeobs.model.MetricKind.COUNTER));
            assertThat(points(job, "scrape_samples_scraped")).filteredOn(p -> p.timestampUnixNanos() == mem.timestampUnixNanos())
                    .singleElement().satisfies(p -> assertThat(p.value()).isGreaterThan(100));
        }
    }

    /** Points of this run's job, read back from what the agent exported. */
    private static List<MetricPoint> points(String job, String name) {
        return ExportFile.batchesContaining(job).stream().flatMap(b -> b.metrics().stream())
                .filter(p -> p.name().equals(name) && job.equals(p.tags().get("job"))).toList();
    }
}

package io.edgeobs.model.convert.prometheus;

import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The real scrape of node_exporter 1.5.0 in ../shared/fixtures must parse completely. */
class NodeExporterFixtureTest {

    private static final long SCRAPE_TIME = 1_764_000_000_000_000_000L;

    static String fixture() throws IOException {
        try (InputStream in = NodeExporterFixtureTest.class.getResourceAsStream("/fixtures/node-exporter-1.5.0.prom")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldTurnEverySampleLineIntoExactlyOnePoint() throws IOException {
        // Given: the sample lines, counted independently of the parser
        String text = fixture();
        List<String> sampleLines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();

        // When
        ParseResult result = PrometheusParser.parse(text, PrometheusFormat.TEXT_0_0_4, SCRAPE_TIME);

        // Then
        assertThat(result.errors()).isEmpty();
        assertThat(sampleLines).hasSize(507);
        assertThat(result.points()).hasSize(sampleLines.size());
        for (int i = 0; i < sampleLines.size(); i++) {
            String line = sampleLines.get(i);
            MetricPoint p = result.points().get(i);
            assertThat(line).as("point %d", i).startsWith(p.name());
            assertThat(p.timestampUnixNanos()).isEqualTo(SCRAPE_TIME);
        }
        assertThat(result.families()).hasSize(283);
    }

    @Test
    void shouldReadNamesLabelsValuesAndKinds() throws IOException {
        // When
        ParseResult result = PrometheusParser.parse(fixture(), PrometheusFormat.TEXT_0_0_4, SCRAPE_TIME);

        // Then
        assertThat(point(result, "node_cpu_seconds_total", Tags.of("cpu", "0", "mode", "idle")))
                .satisfies(p -> {
                    assertThat(p.value()).isEqualTo(660.24);
                    assertThat(p.kind()).isEqualTo(MetricKind.COUNTER);
                });
        assertThat(point(result, "node_filesystem_avail_bytes",
                Tags.of("device", "/dev/vda", "fstype", "ext4", "mountpoint", "/")).value()).isEqualTo(8.5062057984e10);
        assertThat(point(result, "go_memstats_gc_sys_bytes", Tags.EMPTY).value()).isEqualTo(8_191_288.0);
        assertThat(point(result, "node_load1", Tags.EMPTY)).satisfies(p -> {
            assertThat(p.value()).isEqualTo(0.26);
            assertThat(p.kind()).isEqualTo(MetricKind.GAUGE);
        });
        assertThat(point(result, "process_start_time_seconds", Tags.EMPTY).value()).isEqualTo(1.79534641281e9);
        assertThat(point(result, "go_gc_duration_seconds", Tags.of("quantile", "0.5")).kind())
                .isEqualTo(MetricKind.SUMMARY_QUANTILE);
        assertThat(point(result, "go_gc_duration_seconds_sum", Tags.EMPTY).kind()).isEqualTo(MetricKind.SUMMARY_SUM);
        assertThat(point(result, "go_gc_duration_seconds_count", Tags.EMPTY).kind()).isEqualTo(MetricKind.SUMMARY_COUNT);
        // a label value holding '#', parentheses and spaces
        assertThat(point(result, "node_uname_info", Tags.of("domainname", "(none)", "machine", "x86_64", "nodename", "vm",
                "release", "6.18.44-fc-v782", "sysname", "Linux", "version", "#1 SMP PREEMPT_DYNAMIC @0")).value())
                .isEqualTo(1.0);
        // 12 labels, several empty
        MetricPoint os = result.points().stream().filter(p -> p.name().equals("node_os_info")).findFirst().orElseThrow();
        assertThat(os.tags()).hasSize(12).containsEntry("build_id", "").containsEntry("pretty_name",
                "Debian GNU/Linux 12 (bookworm)");
        assertThat(result.families().get("node_cpu_seconds_total").help())
                .isEqualTo("Seconds the CPUs spent in each mode.");
        assertThat(result.points().stream().filter(p -> p.kind() == MetricKind.COUNTER).count()).isPositive();
    }

    private static MetricPoint point(ParseResult result, String name, Tags tags) {
        return result.points().stream().filter(p -> p.name().equals(name) && p.tags().equals(tags)).findFirst()
                .orElseThrow(() -> new AssertionError("no point " + name + tags));
    }
}

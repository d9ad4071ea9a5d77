package io.edgeobs.model.convert.prometheus;

import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The real scrape of node_exporter 1.5.0 in ../shared/fixtures must parse completely. */
class NodeExporterFixtureTest {

    private static final long SCRAPE_TIME = 1_764_000_000_000_000_000L;
    /** Good enough for this file, whose label values hold no quotes or backslashes (checked below). */
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

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
    void shouldReadEveryLinesNameLabelsAndValueAsASimpleSplitDoes() throws IOException {
        // Given: each sample line taken apart naively: name up to '{' or ' ', labels by a pattern, value last
        String text = fixture();
        List<String> sampleLines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(sampleLines).noneMatch(l -> l.contains("\\"));

        // When
        ParseResult result = PrometheusParser.parse(text, PrometheusFormat.TEXT_0_0_4, SCRAPE_TIME);

        // Then
        assertThat(result.points()).hasSameSizeAs(sampleLines);
        for (int i = 0; i < sampleLines.size(); i++) {
            String line = sampleLines.get(i);
            MetricPoint p = result.points().get(i);
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            Tags.Builder labels = Tags.builder();
            if (brace >= 0 && brace < space) {
                Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (m.find()) {
                    labels.put(m.group(1), m.group(2));
                }
            }
            String value = line.substring(line.lastIndexOf(' ') + 1);
            assertThat(p.name()).as(line).isEqualTo(name);
            assertThat(p.tags()).as(line).isEqualTo(labels.build());
            assertThat(p.value()).as(line).isEqualTo(Double.parseDouble(value.replace("Inf", "Infinity")));
        }
    }

    @Test
    void shouldGiveEveryPointTheKindOfTheFamilyDeclaredAboveIt() throws IOException {
        // Given: the kinds a reader of the file expects, from the last "# TYPE" line above each sample
        String text = fixture();
        List<MetricKind> expected = new ArrayList<>();
        String type = "untyped";
        for (String line : text.lines().toList()) {
            if (line.startsWith("# TYPE ")) {
                type = line.split(" ")[3];
            } else if (!line.isBlank() && !line.startsWith("#")) {
                String name = line.split("[{ ]")[0];
                expected.add(switch (type) {
                    case "counter" -> MetricKind.COUNTER;
                    case "summary" -> name.endsWith("_sum") ? MetricKind.SUMMARY_SUM
                            : name.endsWith("_count") ? MetricKind.SUMMARY_COUNT : MetricKind.SUMMARY_QUANTILE;
                    default -> MetricKind.GAUGE; // gauge, untyped
                });
            }
        }

        // When
        ParseResult result = PrometheusParser.parse(text, PrometheusFormat.TEXT_0_0_4, SCRAPE_TIME);

        // Then
        assertThat(result.points()).extracting(MetricPoint::kind).containsExactlyElementsOf(expected);
        assertThat(expected).contains(MetricKind.COUNTER, MetricKind.GAUGE, MetricKind.SUMMARY_QUANTILE,
                MetricKind.SUMMARY_SUM, MetricKind.SUMMARY_COUNT);
    }

    @Test
    void shouldReadTheSameFromBytesAsFromText() throws IOException {
        // Given
        String text = fixture();

        // When
        ParseResult fromBytes = PrometheusParser.parse(text.getBytes(StandardCharsets.UTF_8),
                PrometheusFormat.TEXT_0_0_4, SCRAPE_TIME);

        // Then
        assertThat(fromBytes.errors()).isEmpty();
        assertThat(fromBytes.points())
                .isEqualTo(PrometheusParser.parse(text, PrometheusFormat.TEXT_0_0_4, SCRAPE_TIME).points());
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
        assertThat(point(result, "go_gc_duration_seconds", Tags.of("quantile", "0.5"))).satisfies(p -> {
            assertThat(p.kind()).isEqualTo(MetricKind.SUMMARY_QUANTILE);
            assertThat(p.value()).isEqualTo(0.0);
        });
        assertThat(point(result, "go_memstats_buck_hash_sys_bytes", Tags.EMPTY).value()).isEqualTo(1_445_729.0);
        // label values with colons and empty values
        assertThat(point(result, "node_network_info", Tags.of("address", "02:fc:00:00:00:01", "broadcast",
                "ff:ff:ff:ff:ff:ff", "device", "eth0", "duplex", "unknown", "ifalias", "", "operstate", "up")).value())
                .isEqualTo(1.0);
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

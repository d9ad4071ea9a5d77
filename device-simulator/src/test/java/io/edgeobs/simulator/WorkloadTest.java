package io.edgeobs.simulator;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanStatus;
import io.edgeobs.model.validation.BatchValidation;
import io.edgeobs.model.validation.Validator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The shapes the simulator produces: rates of the profile, counters that reset, consistent histograms, whole traces. */
class WorkloadTest {

    private static final long T0 = 1_764_000_000_000_000_000L;
    private static final long TEN_S = 10_000_000_000L;

    /** Collects what a device would send. */
    static final class Recorder implements Sender {
        final List<Batch> batches = new ArrayList<>();

        @Override
        public Outcome send(Batch batch, byte[] encoded) {
            batches.add(batch);
            return Outcome.DELIVERED;
        }

        List<Batch> of(Signal s) {
            return batches.stream().filter(b -> b.signal() == s).toList();
        }
    }

    @Test
    void shouldProduceTheReferenceRatesPerMinuteAndOnlyValidRecords() {
        // Given the reference device exporting every 10 s for 10 minutes
        Stats stats = new Stats();
        SimulatedDevice d = new SimulatedDevice(Resource.device("sim-0", "sim-rpi4", "simulator-0.1.0"),
                Profile.reference(), 1, 0, 64 << 20, stats);
        Recorder r = new Recorder();
        for (int i = 0; i < 60; i++) {
            d.produce(T0 + i * TEN_S);
            d.flush(r);
        }

        // Then it produced 3,000 points, 10 traces and 5 logs a minute
        assertThat(stats.produced(Signal.METRICS)).isEqualTo(30_000);
        Set<Id> traces = r.of(Signal.SPANS).stream().flatMap(b -> b.records().stream()).map(s -> ((Span) s).traceId())
                .collect(Collectors.toSet());
        assertThat(traces).hasSize(100);
        assertThat(stats.produced(Signal.LOGS)).isEqualTo(50);
        assertThat(stats.delivered(Signal.METRICS) + stats.delivered(Signal.SPANS) + stats.delivered(Signal.LOGS))
                .isEqualTo(stats.produced(Signal.METRICS) + stats.produced(Signal.SPANS) + stats.produced(Signal.LOGS));
        assertThat(stats.check()).isTrue();

        // And every batch passes the gateway's validation whole
        Validator v = new Validator(io.edgeobs.model.validation.ValidationLimits.DEFAULTS,
                java.time.Clock.fixed(java.time.Instant.ofEpochSecond(0, T0 + 600 * 1_000_000_000L), java.time.ZoneOffset.UTC));
        for (Batch b : r.batches) {
            BatchValidation result = v.validate(b);
            assertThat(result.violations()).as("batch %s %d", b.signal(), b.batchSeq()).isEmpty();
        }
        // And batch numbers rise by one per signal
        for (Signal s : Signal.values()) {
            List<Long> seqs = r.of(s).stream().map(Batch::batchSeq).toList();
            for (int i = 0; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).isEqualTo(i + 1L);
            }
        }
    }

    @Test
    void shouldKeepHistogramsConsistentAndResetCountersTogether() {
        // Given many exports of one device (enough for counter resets)
        DeviceMetrics m = new DeviceMetrics(500, 42);
        Map<String, Double> last = new HashMap<>();
        int drops = 0;
        int resetsSeen = 0;
        for (int i = 0; i < 5000; i++) {
            List<MetricPoint> scrape = m.scrape(T0 + i * TEN_S, 10);
            assertThat(scrape).hasSize(500);
            Map<String, Map<String, Double>> buckets = new HashMap<>();
            Map<String, Double> counts = new HashMap<>();
            int dropsNow = 0;
            int counters = 0;
            for (MetricPoint p : scrape) {
                String key = p.name() + p.tags();
                if (p.kind() == MetricKind.COUNTER) {
                    counters++;
                    Double prev = last.get(key);
                    if (prev != null && p.value() < prev) {
                        dropsNow++;
                    }
                }
                if (p.kind() == MetricKind.HISTOGRAM_BUCKET) {
                    buckets.computeIfAbsent(p.tags().get("route"), k -> new java.util.TreeMap<>()).put(p.tags().get("le"), p.value());
                }
                if (p.kind() == MetricKind.HISTOGRAM_COUNT) {
                    counts.put(p.tags().get("route"), p.value());
                }
                last.put(key, p.value());
            }
            // Then a counter never goes down except all of them at once (a restart)
            assertThat(dropsNow).isIn(0, counters);
            if (dropsNow > 0) {
                resetsSeen++;
            }
            drops += dropsNow;
            // And histogram buckets are cumulative and the +Inf bucket equals the count
            for (var e : buckets.entrySet()) {
                double prev = 0;
                for (double b : DeviceMetrics.BOUNDS) {
                    String le = Double.isInfinite(b) ? "+Inf" : Double.toString(b);
                    assertThat(e.getValue().get(le)).isGreaterThanOrEqualTo(prev);
                    prev = e.getValue().get(le);
                }
                assertThat(e.getValue().get("+Inf")).isEqualTo(counts.get(e.getKey()));
            }
        }
        // about one restart in 1,000 exports; each seen as all counters dropping at once
        assertThat(m.resets()).isBetween(1L, 20L);
        assertThat((long) resetsSeen).isBetween(1L, m.resets());
        assertThat(drops).isPositive();
    }

    @Test
    void shouldMakeWholeMultiServiceTracesWithSomeErrorsAndMixedLogs() {
        DeviceEvents e = new DeviceEvents("sim-7", 3);
        int errors = 0;
        Set<String> services = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            List<Span> spans = e.trace(T0 + i * TEN_S);
            assertThat(spans).hasSizeBetween(3, 7);
            Set<Id> ids = spans.stream().map(Span::spanId).collect(Collectors.toSet());
            assertThat(ids).hasSameSizeAs(spans);
            assertThat(spans.stream().filter(s -> s.parentSpanId().isEmpty())).hasSize(1);
            assertThat(spans).allMatch(s -> s.parentSpanId().isEmpty() || ids.contains(s.parentSpanId()));
            assertThat(spans).allMatch(s -> s.traceId().equals(spans.get(0).traceId()));
            spans.forEach(s -> services.add(s.service()));
            if (spans.get(0).status().code() == SpanStatus.Code.ERROR) {
                errors++;
                assertThat(spans).anyMatch(s -> !s.events().isEmpty());
            }
        }
        assertThat(services).containsExactlyInAnyOrder(DeviceEvents.SERVICES);
        assertThat(errors).isBetween(50, 150); // about 1 in 20

        Map<LogLevel, Integer> levels = new EnumMap<>(LogLevel.class);
        int withTrace = 0;
        for (int i = 0; i < 2000; i++) {
            LogRecord l = e.log(T0 + i);
            levels.merge(l.level(), 1, Integer::sum);
            assertThat(l.fields()).containsKeys("component", "attempt", "duration_ms");
            if (!l.traceId().isEmpty()) {
                withTrace++;
            }
        }
        assertThat(levels.keySet()).containsExactlyInAnyOrder(LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR);
        assertThat(levels.get(LogLevel.INFO)).isBetween(1200, 1600);
        assertThat(withTrace).isBetween(500, 850);
    }
}

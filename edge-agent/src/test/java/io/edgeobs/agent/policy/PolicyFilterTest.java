package io.edgeobs.agent.policy;

import io.edgeobs.agent.ingest.RecordFilter.Filtered;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanKind;
import io.edgeobs.model.SpanStatus;
import io.edgeobs.model.Tags;
import io.edgeobs.model.TelemetryRecord;
import io.edgeobs.model.sampling.TraceIdSampler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyFilterTest {

    private static final long T = 1_764_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(SECOND);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private double fill;

    private static SamplingPolicy policy(double traceRate, Map<String, Double> serviceRates,
                                         List<SamplingPolicy.DegradeStep> steps) {
        return new SamplingPolicy(
                new SamplingPolicy.Traces(traceRate, TraceIdSampler.seedOf("fleet-a"), true, serviceRates),
                new SamplingPolicy.Metrics(10, 1000, 50_000, Duration.ofMinutes(10)),
                new SamplingPolicy.Logs(Map.of(LogLevel.DEBUG, 10.0, LogLevel.INFO, 100.0)), steps);
    }

    private PolicyFilter filter(SamplingPolicy policy) {
        return new PolicyFilter(policy, () -> fill, registry, clock::get);
    }

    @Test
    void shouldKeepTheConfiguredShareOfTracesWholeAndEverySpanWithAnError() {
        // Given 100,000 traces of three spans, one span in fifty with error status, sampled at 10%
        PolicyFilter filter = filter(policy(0.1, Map.of(), List.of()));
        SplittableRandom random = new SplittableRandom(11);
        List<Span> spans = new ArrayList<>();
        for (int t = 0; t < 100_000; t++) {
            Id trace = Id.traceId(random.nextLong(), random.nextLong());
            for (int s = 1; s <= 3; s++) {
                spans.add(span(trace, s, "pump-ctl", random.nextInt(50) == 0));
            }
        }

        // When
        Filtered f = filter.apply(Signal.SPANS, spans);

        // Then the kept share is within statistical bounds of 10%, and a trace is kept whole or only its errors
        Map<Id, Integer> keptPerTrace = new HashMap<>();
        f.kept().forEach(r -> keptPerTrace.merge(((Span) r).traceId(), 1, Integer::sum));
        Map<Id, List<Span>> all = new HashMap<>();
        spans.forEach(s -> all.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s));
        int whole = 0;
        for (Map.Entry<Id, List<Span>> e : all.entrySet()) {
            int kept = keptPerTrace.getOrDefault(e.getKey(), 0);
            long errors = e.getValue().stream().filter(s -> s.status().isError()).count();
            if (kept == 3) {
                whole++;
            } else {
                assertThat((long) kept).as("a trace not sampled keeps exactly its error spans").isEqualTo(errors);
            }
        }
        double sd = Math.sqrt(100_000 * 0.1 * 0.9);
        assertThat((double) whole).isBetween(10_000 - 4.5 * sd, 10_000 + 4.5 * sd);
        assertThat(f.kept()).filteredOn(r -> ((Span) r).status().isError())
                .hasSize((int) spans.stream().filter(s -> s.status().isError()).count());
        assertThat(f.dropped().get("sampled_out")).isEqualTo(spans.size() - f.kept().size());
    }

    @Test
    void shouldSampleAServiceAtItsOwnRateAndKeepItsTracesASubsetOfTheDefaultOnes() {
        // Given a chatty service sampled at 1% while the rest are at 20%
        PolicyFilter filter = filter(policy(0.2, Map.of("chatty", 0.01), List.of()));
        SplittableRandom random = new SplittableRandom(2);
        List<Span> spans = new ArrayList<>();
        for (int t = 0; t < 20_000; t++) {
            Id trace = Id.traceId(random.nextLong(), random.nextLong());
            spans.add(span(trace, 1, "gateway-api", false));
            spans.add(span(trace, 2, "chatty", false));
        }

        // When
        List<Span> kept = filter.apply(Signal.SPANS, spans).kept().stream().map(Span.class::cast).toList();

        // Then the chatty service keeps about 1%, and every trace it kept is also kept by the other service
        List<Id> chatty = kept.stream().filter(s -> s.service().equals("chatty")).map(Span::traceId).toList();
        List<Id> other = kept.stream().filter(s -> s.service().equals("gateway-api")).map(Span::traceId).toList();
        assertThat(chatty.size()).isBetween(120, 290);
        assertThat(other.size()).isBetween(3_700, 4_300);
        assertThat(other).containsAll(chatty);
    }

    @Test
    void shouldRateLimitEachSeriesWithItsOwnBucket() {
        // Given
        PolicyFilter filter = filter(policy(1, Map.of(), List.of()));
        List<MetricPoint> burst = IntStream.range(0, 100).mapToObj(i -> point("temp", "a", i)).toList();

        // When 100 samples of one series arrive at once, and 100 of another
        Filtered first = filter.apply(Signal.METRICS, burst);
        Filtered other = filter.apply(Signal.METRICS, IntStream.range(0, 100).mapToObj(i -> point("temp", "b", i)).toList());
        clock.addAndGet(SECOND);
        Filtered later = filter.apply(Signal.METRICS, burst);

        // Then each series gets its burst of 10, and 10 more a second later; the rest is counted
        assertThat(first.kept()).hasSize(10);
        assertThat(first.dropped()).containsEntry("rate_limited", 90);
        assertThat(other.kept()).hasSize(10);
        assertThat(later.kept()).hasSize(10);
    }

    @Test
    void shouldCapTheSeriesOfOneMetricNameAndForgetIdleOnes() {
        // Given
        PolicyFilter filter = filter(policy(1, Map.of(), List.of()));

        // When one metric name brings 1,200 series and another a single one
        Filtered many = filter.apply(Signal.METRICS, IntStream.range(0, 1_200)
                .mapToObj(i -> point("requests", "s" + i, 1)).toList());
        Filtered other = filter.apply(Signal.METRICS, List.of(point("temp", "a", 1)));

        // Then the first 1,000 series are kept and the rest counted; other names are not affected
        assertThat(many.kept()).hasSize(1_000);
        assertThat(many.dropped()).containsEntry("cardinality", 200);
        assertThat(other.kept()).hasSize(1);

        // And once the old series were idle for longer than series-idle, new ones have room again
        clock.addAndGet(Duration.ofMinutes(11).toNanos());
        filter.apply(Signal.METRICS, List.of(point("temp", "a", 2)));
        clock.addAndGet(SECOND);
        Filtered fresh = filter.apply(Signal.METRICS, IntStream.range(0, 10)
                .mapToObj(i -> point("requests", "new" + i, 1)).toList());
        assertThat(fresh.kept()).hasSize(10);
    }

    @Test
    void shouldRateLimitLogsPerLevelAndNeverWarningsAndAbove() {
        // Given
        PolicyFilter filter = filter(policy(1, Map.of(), List.of()));
        List<LogRecord> logs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            logs.add(LogRecord.of(T + i, LogLevel.DEBUG, "d" + i));
            logs.add(LogRecord.of(T + i, LogLevel.INFO, "i" + i));
            logs.add(LogRecord.of(T + i, LogLevel.WARN, "w" + i));
        }

        // When
        Filtered f = filter.apply(Signal.LOGS, logs);

        // Then
        assertThat(levels(f.kept())).containsEntry(LogLevel.DEBUG, 10L).containsEntry(LogLevel.INFO, 100L)
                .containsEntry(LogLevel.WARN, 500L);
        assertThat(f.dropped()).containsEntry("rate_limited", 490 + 400);
    }

    @Test
    void shouldDegradeStepByStepAsTheBufferFillsAndRelaxOnceItDrains() {
        // Given the default steps: drop debug logs at 70%, a tenth of the traces at 90%
        PolicyFilter filter = filter(policy(0.5, Map.of(), List.of(
                new SamplingPolicy.DegradeStep("drop-debug", 0.7, 0.05, SamplingPolicy.Action.DROP_LOGS_BELOW,
                        LogLevel.INFO, 0),
                new SamplingPolicy.DegradeStep("fewer-traces", 0.9, 0.05, SamplingPolicy.Action.SCALE_TRACE_RATE,
                        null, 0.1))));
        List<LogRecord> logs = List.of(LogRecord.of(T, LogLevel.DEBUG, "d"), LogRecord.of(T, LogLevel.ERROR, "e"));

        // When the buffer is 75% full
        fill = 0.75;
        Filtered degraded = filter.apply(Signal.LOGS, logs);

        // Then debug logs are dropped as degraded, and the step is counted once and shown as active
        assertThat(degraded.kept()).extracting(r -> ((LogRecord) r).level()).containsExactly(LogLevel.ERROR);
        assertThat(degraded.dropped()).containsEntry("degraded", 1);
        for (int i = 0; i < 5; i++) {
            clock.addAndGet(SECOND);
            filter.apply(Signal.LOGS, logs);
        }
        assertThat(registry.counter("edgeobs.agent.degradation.activations", "step", "drop-debug").count()).isEqualTo(1);
        assertThat(registry.get("edgeobs.agent.degradation.active").tag("step", "drop-debug").gauge().value()).isEqualTo(1);

        // When it is 95% full, about a tenth of the sampled traces are still kept
        fill = 0.95;
        clock.addAndGet(SECOND);
        SplittableRandom random = new SplittableRandom(4);
        List<Span> spans = IntStream.range(0, 20_000)
                .mapToObj(i -> span(Id.traceId(random.nextLong(), random.nextLong()), 1, "svc", false)).toList();
        Filtered fewer = filter.apply(Signal.SPANS, spans);
        assertThat(fewer.kept().size()).isBetween(850, 1_150); // 20,000 x 0.5 x 0.1
        assertThat(fewer.dropped().get("degraded")).isBetween(8_800, 9_200);

        // When it drained below the levels minus their hysteresis, both steps are relaxed
        fill = 0.6;
        clock.addAndGet(SECOND);
        Filtered relaxed = filter.apply(Signal.LOGS, List.of(LogRecord.of(T, LogLevel.DEBUG, "again")));
        assertThat(relaxed.kept()).hasSize(1);
        assertThat(registry.get("edgeobs.agent.degradation.active").tag("step", "fewer-traces").gauge().value()).isZero();
    }

    private static Span span(Id trace, int n, String service, boolean error) {
        return Span.builder().traceId(trace).spanId(Id.spanId(n)).parentSpanId(n == 1 ? Id.EMPTY : Id.spanId(1))
                .service(service).operation("op" + n).kind(SpanKind.INTERNAL).startUnixNanos(T).durationNanos(1000)
                .status(error ? SpanStatus.error("boom") : SpanStatus.OK).build();
    }

    private static MetricPoint point(String name, String series, double value) {
        return MetricPoint.gauge(name, value, T, Tags.of("series", series));
    }

    private static Map<LogLevel, Long> levels(List<? extends TelemetryRecord> records) {
        Map<LogLevel, Long> m = new HashMap<>();
        records.forEach(r -> m.merge(((LogRecord) r).level(), 1L, Long::sum));
        return m;
    }
}

package io.edgeobs.gateway.forward;

import io.edgeobs.gateway.policy.Aggregator;
import io.edgeobs.gateway.policy.Policies;
import io.edgeobs.gateway.policy.PolicyParser;
import io.edgeobs.gateway.store.Entry;
import io.edgeobs.gateway.store.EntryCodec;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Envelope;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Tags;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forwarder's promise: stopping at any round boundary and resuming from the persisted state produces exactly the
 * records (same keys, same batch ids, same order) an uninterrupted run produces, aggregation windows included.
 */
class ReplayDeterminismTest {

    private static final String POLICY = """
            version: 1
            rules:
              - name: junk
                match: {signal: metrics, name: "junk_*"}
                action: drop
              - name: cpu-10s
                match: {signal: metrics, name: "cpu_*"}
                action: aggregate
                window: 10s
                grace: 2s
            """;
    private static final long T0 = 1_800_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    /** 400 entries over about 60 s of log clock: three devices, aggregated, dropped, forwarded and late points, ticks. */
    private static List<byte[]> log() {
        Random random = new Random(7);
        List<byte[]> entries = new ArrayList<>();
        long clock = T0;
        for (int i = 0; i < 400; i++) {
            clock += random.nextInt(300) * MS;
            if (i % 37 == 36) {
                entries.add(EntryCodec.encode(new Entry.Tick(clock + 5_000 * MS)));
                continue;
            }
            String device = "d" + (i % 3);
            long ts = clock - random.nextInt(1500) * MS;
            List<MetricPoint> points = List.of(
                    MetricPoint.gauge("cpu_usage", random.nextInt(100), ts, Tags.of("core", "" + random.nextInt(2))),
                    MetricPoint.gauge("junk_metric", 1, ts, Tags.EMPTY),
                    MetricPoint.gauge("mem_free", random.nextInt(1000), ts, Tags.EMPTY),
                    MetricPoint.gauge("cpu_usage", 1, ts - 60_000 * MS, Tags.of("core", "0"))); // late: forwarded as is
            Batch b = new Batch(new Resource("acme", "pumps", device, "pump", "1", Tags.EMPTY), i + 1, Signal.METRICS,
                    points, new Envelope("gw", "eu", clock));
            entries.add(EntryCodec.encode(EntryCodec.of(b, true)));
        }
        return entries;
    }

    private record Run(List<String> out, Aggregator aggregator, EntryProcessor processor) {
    }

    private static Run run(List<byte[]> log, ForwardState from, int upTo) {
        Aggregator aggregator = new Aggregator("gw", "eu", 100_000);
        EntryProcessor p = new EntryProcessor(Signal.METRICS, "edgeobs.metrics", 5,
                Policies.fixed(PolicyParser.parse(POLICY, "test")), aggregator, null, from.clockBefore());
        List<String> out = new ArrayList<>();
        for (int offset = (int) from.resumeAt(); offset < upTo; offset++) {
            List<KafkaSink.Output> produced = new ArrayList<>();
            p.process(offset, log.get(offset), offset < from.sentUpTo(), produced);
            produced.forEach(o -> out.add(o.key() + " " + o.batchId() + " " + o.bySeq() + " " + o.records()));
        }
        return new Run(out, aggregator, p);
    }

    @Test
    void shouldProduceTheSameRecordsWhenResumedAfterAStopAtAnyRound() {
        // Given the output of an uninterrupted run, with aggregates among it
        List<byte[]> log = log();
        List<String> reference = run(log, ForwardState.START, log.size()).out();
        assertThat(reference).anyMatch(s -> s.endsWith("false 10") || s.contains(" false "));

        for (int stop : new int[] {1, 17, 50, 101, 173, 250, 333, 399}) {
            // When a run stops after entry stop - 1, persists its state, and another resumes from that state
            Run first = run(log, ForwardState.START, stop);
            ForwardState state = ForwardState.after(stop, first.processor().clock(), first.aggregator());
            Run second = run(log, state, log.size());

            // Then together they sent exactly what the uninterrupted run sent
            List<String> together = new ArrayList<>(first.out());
            together.addAll(second.out());
            assertThat(together).as("stopped at %d, resumed at %d", stop, state.resumeAt()).isEqualTo(reference);
        }
    }

    @Test
    void shouldHoldTheResumePointBackWhileAWindowIsOpen() {
        // Given a run stopped while aggregation windows are open
        List<byte[]> log = log();
        int stop = 120;
        Run first = run(log, ForwardState.START, stop);
        while (first.aggregator().openWindows() == 0) {
            first = run(log, ForwardState.START, ++stop);
        }

        // Then it resumes at the first entry of the oldest open window, and knows what it sent already
        ForwardState state = ForwardState.after(stop, first.processor().clock(), first.aggregator());
        assertThat(state.resumeAt()).isEqualTo(first.aggregator().lowestPin().getAsLong()).isLessThan(stop);
        assertThat(state.sentUpTo()).isEqualTo(stop);
    }
}

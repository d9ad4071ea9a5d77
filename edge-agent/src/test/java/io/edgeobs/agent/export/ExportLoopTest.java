package io.edgeobs.agent.export;

import io.edgeobs.agent.http.TestHttp;
import io.edgeobs.durablelog.DurableLog;
import io.edgeobs.durablelog.DurableLogConfig;
import io.edgeobs.durablelog.FullPolicy;
import io.edgeobs.model.Batch;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Tags;
import io.edgeobs.model.TelemetryRecord;
import io.edgeobs.model.codec.BatchCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ExportLoopTest {

    private static final long T = 1_764_000_000_000_000_000L;
    private static final Resource DEVICE = Resource.device("dev-1", "rpi4", "0.1.0");
    private static final ExportLoop.Limits FAST = new ExportLoop.Limits(50, 1 << 20, Duration.ofMillis(20),
            Duration.ofMillis(20), Duration.ofMillis(200));

    @TempDir
    Path dir;

    static byte[] entry(Signal signal, int first, int count) {
        List<TelemetryRecord> records = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            records.add(signal == Signal.METRICS ? MetricPoint.gauge("m", i, T + i, Tags.EMPTY)
                    : LogRecord.of(T + i, LogLevel.INFO, "line " + i));
        }
        return BatchCodec.encode(new Batch(DEVICE, 0, signal, records, null));
    }

    DurableLog log(Signal s, long budget, FullPolicy policy) {
        return DurableLog.open(DurableLogConfig.defaults(dir.resolve(s.name())).withSegmentBytes(4096)
                .withBudget(budget, policy));
    }

    static List<Double> values(List<Batch> batches, Signal signal) {
        return batches.stream().filter(b -> b.signal() == signal).flatMap(b -> b.records().stream())
                .map(r -> r instanceof MetricPoint p ? p.value() : (double) (((LogRecord) r).timestampUnixNanos() - T))
                .toList();
    }

    @Test
    void shouldDeliverEverythingInOrderOnceTheGatewayIsBack() throws Exception {
        try (FakeGateway gateway = new FakeGateway(); DurableLog metrics = log(Signal.METRICS, 1 << 20, FullPolicy.BLOCK);
             DurableLog logs = log(Signal.LOGS, 1 << 20, FullPolicy.BLOCK)) {
            // Given the gateway is down while the device produces
            gateway.mode = FakeGateway.Mode.DOWN;
            HttpExporter exporter = HttpExporter.gateway(TestHttp.client(), gateway.url(), Optional.of("device-token"), Duration.ofSeconds(5), Map.of());
            ExportLoop m = new ExportLoop(Signal.METRICS, metrics, dir.resolve("METRICS"), exporter, FAST);
            ExportLoop l = new ExportLoop(Signal.LOGS, logs, dir.resolve("LOGS"), exporter, FAST);
            Thread tm = new Thread(m);
            Thread tl = new Thread(l);
            tm.start();
            tl.start();
            for (int i = 0; i < 300; i += 10) {
                metrics.append(entry(Signal.METRICS, i, 10));
                logs.append(entry(Signal.LOGS, i, 10));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> m.retries() > 3);
            assertThat(gateway.received).isEmpty();

            // When it comes back
            gateway.mode = FakeGateway.Mode.UP;

            // Then every record arrives, once, in order per signal, with increasing batch_seq
            await().atMost(Duration.ofSeconds(20)).until(() -> m.lag() == 0 && l.lag() == 0);
            m.stop();
            l.stop();
            tm.join();
            tl.join();
            List<Double> expected = java.util.stream.IntStream.range(0, 300).mapToObj(i -> (double) i).toList();
            assertThat(gateway.conflicts).hasValue(0);
            assertThat(values(gateway.stored, Signal.METRICS)).containsExactlyElementsOf(expected);
            assertThat(values(gateway.stored, Signal.LOGS)).containsExactlyElementsOf(expected);
            for (Signal s : List.of(Signal.METRICS, Signal.LOGS)) {
                List<Long> seqs = gateway.stored.stream().filter(b -> b.signal() == s).map(Batch::batchSeq).toList();
                assertThat(seqs).isSorted().doesNotHaveDuplicates().startsWith(1L);
            }
            assertThat(gateway.received.get(0).resource().deviceId()).isEqualTo("dev-1");
            assertThat(gateway.lastAuthorization).isEqualTo("Bearer device-token");
        }
    }

    @Test
    void shouldCountExactlyTheGapWhenDroppingTheOldest() throws Exception {
        try (FakeGateway gateway = new FakeGateway(); DurableLog metrics = log(Signal.METRICS, 16 * 1024, FullPolicy.DROP_OLDEST)) {
            // Given a small budget and the gateway down while far more is produced than fits
            gateway.mode = FakeGateway.Mode.DOWN;
            int produced = 0;
            for (int i = 0; i < 2000; i += 10) {
                metrics.append(entry(Signal.METRICS, i, 10));
                produced += 10;
            }
            long droppedEntries = metrics.stats().droppedForBudget();
            assertThat(droppedEntries).isPositive();

            // When the link returns
            gateway.mode = FakeGateway.Mode.UP;
            ExportLoop m = new ExportLoop(Signal.METRICS, metrics, dir.resolve("METRICS"),
                    HttpExporter.gateway(TestHttp.client(), gateway.url(), Optional.empty(), Duration.ofSeconds(5), Map.of()), FAST);
            while (m.exportOnce()) {
                // drain
            }

            // Then what arrived plus what was dropped is exactly what was produced, and what arrived is the newest
            // (as the gateway keeps them: a batch resent after a timeout counts once)
            assertThat(gateway.conflicts).hasValue(0);
            List<Double> got = values(gateway.stored, Signal.METRICS);
            assertThat(got.size() + droppedEntries * 10).isEqualTo(produced);
            assertThat(got.get(0)).isEqualTo(droppedEntries * 10.0);
            assertThat(got).last().isEqualTo(1999.0);
        }
    }

    @Test
    void shouldNotSendWhatWasEvictedWhileItWaitedToBeResent() throws Exception {
        try (FakeGateway gateway = new FakeGateway(); DurableLog metrics = log(Signal.METRICS, 16 * 1024, FullPolicy.DROP_OLDEST)) {
            // Given a batch in flight, retried while the gateway is down
            gateway.mode = FakeGateway.Mode.DOWN;
            ExportLoop m = new ExportLoop(Signal.METRICS, metrics, dir.resolve("METRICS"),
                    HttpExporter.gateway(TestHttp.client(), gateway.url(), Optional.empty(), Duration.ofSeconds(5), Map.of()), FAST);
            metrics.append(entry(Signal.METRICS, 0, 10));
            Thread t = new Thread(m);
            t.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> m.retries() > 0);

                // When far more is produced than fits, so the entry in flight is evicted, and then the link returns
                int produced = 10;
                for (int i = 10; i < 2000; i += 10) {
                    metrics.append(entry(Signal.METRICS, i, 10));
                    produced += 10;
                }
                long droppedEntries = metrics.stats().droppedForBudget();
                gateway.mode = FakeGateway.Mode.UP;
                await().atMost(Duration.ofSeconds(20)).until(() -> m.lag() == 0);

                // Then the evicted batch was not sent from memory: arrived plus dropped is exactly what was produced
                List<Double> got = values(gateway.stored, Signal.METRICS);
                assertThat(got).doesNotContain(0.0);
                assertThat(got.size() + droppedEntries * 10).isEqualTo(produced);
                assertThat(got).last().isEqualTo(1999.0);
            } finally {
                m.stop();
                t.join();
            }
        }
    }

    @Test
    void shouldKeepBatchSeqIncreasingAcrossRestartsAndResendALostBatchUnchanged() throws Exception {
        try (FakeGateway gateway = new FakeGateway()) {
            HttpExporter exporter = HttpExporter.gateway(TestHttp.client(), gateway.url(), Optional.empty(), Duration.ofSeconds(5), Map.of());
            // Given two batches delivered, then one whose answer is lost (the gateway has it, the agent does not know)
            try (DurableLog metrics = log(Signal.METRICS, 1 << 20, FullPolicy.BLOCK)) {
                ExportLoop m = new ExportLoop(Signal.METRICS, metrics, dir.resolve("METRICS"), exporter, FAST);
                metrics.append(entry(Signal.METRICS, 0, 10));
                assertThat(m.exportOnce()).isTrue();
                metrics.append(entry(Signal.METRICS, 10, 10));
                assertThat(m.exportOnce()).isTrue();
                metrics.append(entry(Signal.METRICS, 20, 10));
                gateway.mode = FakeGateway.Mode.LOSE_ANSWER;
                Thread t = new Thread(m::exportOnce);
                t.start();
                await().atMost(Duration.ofSeconds(5)).until(() -> gateway.received.size() >= 3);
                m.stop(); // the device restarts before an answer comes through
                t.join();
            }
            // When the agent starts again
            gateway.mode = FakeGateway.Mode.UP;
            try (DurableLog metrics = log(Signal.METRICS, 1 << 20, FullPolicy.BLOCK)) {
                ExportLoop m = new ExportLoop(Signal.METRICS, metrics, dir.resolve("METRICS"), exporter, FAST);
                assertThat(m.exportOnce()).isTrue(); // the lost batch again
                metrics.append(entry(Signal.METRICS, 30, 10));
                assertThat(m.exportOnce()).isTrue();
                assertThat(m.exportOnce()).isFalse();
            }

            // Then the lost batch came twice with the same number and content, and numbering went on after it
            List<Batch> got = gateway.received;
            List<Long> seqs = got.stream().map(Batch::batchSeq).toList();
            assertThat(seqs).startsWith(1L, 2L, 3L).endsWith(3L, 4L).isSorted();
            List<Batch> third = got.stream().filter(b -> b.batchSeq() == 3).toList();
            assertThat(third).hasSizeGreaterThanOrEqualTo(2).allSatisfy(b -> assertThat(b).isEqualTo(third.get(0)));
            assertThat(values(third.subList(0, 1), Signal.METRICS)).startsWith(20.0).hasSize(10);
            assertThat(values(got.subList(got.size() - 1, got.size()), Signal.METRICS)).startsWith(30.0);
        }
    }

    @Test
    void shouldQuarantineARefusedBatchAndGoOn() throws Exception {
        try (FakeGateway gateway = new FakeGateway(); DurableLog metrics = log(Signal.METRICS, 1 << 20, FullPolicy.BLOCK)) {
            ExportLoop m = new ExportLoop(Signal.METRICS, metrics, dir.resolve("METRICS"),
                    HttpExporter.gateway(TestHttp.client(), gateway.url(), Optional.empty(), Duration.ofSeconds(5), Map.of()), FAST);
            gateway.mode = FakeGateway.Mode.REFUSE;
            metrics.append(entry(Signal.METRICS, 0, 10));
            assertThat(m.exportOnce()).isTrue();
            gateway.mode = FakeGateway.Mode.UP;
            metrics.append(entry(Signal.METRICS, 10, 10));
            assertThat(m.exportOnce()).isTrue();

            assertThat(m.quarantinedBatches()).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("METRICS/quarantine.jsonl"))).contains("\"batch_seq\":1")
                    .contains("HTTP 400");
            assertThat(gateway.received).extracting(Batch::batchSeq).containsExactly(2L);
            assertThat(values(gateway.received, Signal.METRICS).get(0)).isEqualTo(10.0);
        }
    }
}

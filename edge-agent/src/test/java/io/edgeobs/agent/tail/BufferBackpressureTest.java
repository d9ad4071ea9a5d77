package io.edgeobs.agent.tail;

import io.edgeobs.agent.buffer.SignalBuffers;
import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.agent.ingest.Ingest;
import io.edgeobs.agent.ingest.KeepAllFilter;
import io.edgeobs.durablelog.Consumer;
import io.edgeobs.durablelog.LogEntry;
import io.edgeobs.model.Batch;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.Signal;
import io.edgeobs.model.codec.BatchCodec;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tailer in front of the agent's real Ingest and durable buffer, with a buffer far smaller than the file: the
 * buffer refuses (block policy, then {@link io.edgeobs.agent.ingest.BackpressureException}), the tailer waits and reads
 * the same lines again once the exporter side has drained some, and in the end the buffer held every line once.
 */
class BufferBackpressureTest {

    @TempDir
    Path dir;

    @Test
    void shouldLoseNoLineAndDuplicateNoneWhileTheRealBufferPushesBack() {
        // Given the agent's buffer with 64 KiB for logs (segments of 16 KiB), blocking at most 20 ms when full
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(AgentConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(java.time.Duration.class, 100, new DurationConverter())
                .withDefaultValue("edgeobs.agent.data-dir", dir.resolve("agent").toString())
                .withDefaultValue("edgeobs.agent.device-id", "bench-device")
                .withDefaultValue("edgeobs.agent.buffer.budget", "256K")
                .withDefaultValue("edgeobs.agent.buffer.block-timeout", "20ms")
                .build();
        AgentConfig agent = config.getConfigMapping(AgentConfig.class);
        TailerFixture fx = new TailerFixture(dir);
        fx.settings = fx.settings.withLimits(1_000, 16 * 1024, 20, 100);
        SignalBuffers buffers = new SignalBuffers(agent, fx.registry);
        Ingest ingest = new Ingest(buffers, agent, new KeepAllFilter(), fx.registry,
                new io.edgeobs.agent.diag.LocalStore(buffers, fx.registry));
        Consumer exporter = buffers.log(Signal.LOGS).consumer("gateway");
        Path log = dir.resolve("app.log");
        List<String> expected = LogFiles.appendLines(log, "line", 0, 3_000); // about 250 KiB
        SourceTailer tailer = new SourceTailer(TailSource.of("app", log.toString()), fx.settings, fx.stateDir,
                records -> ingest.accept(Signal.LOGS, records),
                new LineReader(fx.settings.maxReadPerPoll(), fx.settings.maxLineSize()), fx.metrics.source("app"),
                fx.clock);

        // When the tailer runs while the exporter takes a little now and then
        List<String> buffered = new ArrayList<>();
        int refusedPolls = 0;
        try {
            for (int i = 0; i < 10_000 && buffered.size() < expected.size(); i++) {
                SourceTailer.PollResult r = tailer.poll();
                if (r.retryAfter().isPresent()) {
                    refusedPolls++;
                    drain(exporter, buffered, 40);
                } else if (!r.more()) {
                    drain(exporter, buffered, Integer.MAX_VALUE);
                }
                fx.clock.advance(fx.settings.pollInterval());
            }
        } finally {
            tailer.close();
            buffers.log(Signal.LOGS).close();
        }

        // Then
        assertThat(refusedPolls).isGreaterThan(5);
        assertThat(fx.counter("edgeobs.agent.records.refused", "signal", "logs", "reason", "buffer_full")).isPositive();
        assertThat(fx.counter("edgeobs.agent.tail.backpressure", "source", "app")).isEqualTo(refusedPolls);
        assertThat(buffered).containsExactlyElementsOf(expected);
        assertThat(fx.counter("edgeobs.agent.tail.lines", "source", "app")).isEqualTo(expected.size());
    }

    /** Reads up to {@code maxEntries} appends from the buffer and acknowledges them, as a delivered export would. */
    private static void drain(Consumer exporter, List<String> out, int maxEntries) {
        List<LogEntry> entries = exporter.poll(maxEntries, Long.MAX_VALUE);
        for (LogEntry e : entries) {
            Batch batch = BatchCodec.decode(e.payload());
            batch.records().forEach(r -> out.add(((LogRecord) r).message()));
        }
        if (!entries.isEmpty()) {
            exporter.ack(entries.get(entries.size() - 1).offset());
        }
    }
}

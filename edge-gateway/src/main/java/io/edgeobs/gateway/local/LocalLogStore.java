package io.edgeobs.gateway.local;

import io.edgeobs.durablelog.Consumer;
import io.edgeobs.durablelog.DurableLog;
import io.edgeobs.durablelog.DurableLogConfig;
import io.edgeobs.durablelog.FullPolicy;
import io.edgeobs.durablelog.LogEntry;
import io.edgeobs.durablelog.SyncPolicy;
import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.gateway.forward.LocalSink;
import io.edgeobs.model.Batch;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.codec.BatchCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Logs a {@code keep_local} rule kept at the gateway: a durable log of its own ({@code <data-dir>/local-logs}) that is
 * never shipped. Retention is by age (whole segments older than {@code local.retention} go) and by budget (the oldest
 * segment goes first, {@code drop_oldest}); both are counted. Queries scan it; it is a diagnostics store for a
 * technician in the region, not a database.
 */
@ApplicationScoped
public class LocalLogStore implements LocalSink {

    /** One matching record with where it came from. */
    public record Found(Batch batch, LogRecord record) {
    }

    private final DurableLog log;
    private final Consumer reader;
    private final Duration retention;
    private final Clock clock = Clock.systemUTC();
    private final Counter stored;

    public LocalLogStore(GatewayConfig config, MeterRegistry registry) {
        GatewayConfig.Local c = config.local();
        this.retention = c.retention();
        long budget = c.budget().asLongValue();
        long segment = Math.max(1024, Math.min(8L << 20, budget / 8));
        Duration roll = c.retention().dividedBy(24).isZero() ? Duration.ofMinutes(1) : c.retention().dividedBy(24);
        this.log = DurableLog.open(new DurableLogConfig(Path.of(config.dataDir()).resolve("local-logs"), segment, roll,
                budget, c.retention(), FullPolicy.DROP_OLDEST, Duration.ZERO, SyncPolicy.EVERY_BATCH,
                Duration.ofSeconds(1), clock));
        this.reader = log.consumer("query");
        this.stored = Counter.builder("edgeobs.gateway.local.records").description("log records kept at the gateway only")
                .register(registry);
        Gauge.builder("edgeobs.gateway.local.bytes", log, l -> l.stats().sizeBytes()).register(registry);
        Gauge.builder("edgeobs.gateway.local.dropped", log, l -> l.stats().droppedForBudget()).tag("reason", "budget")
                .register(registry);
    }

    @Override
    public void keep(long sourceOffset, Batch logs) {
        byte[] batch = BatchCodec.encode(logs);
        log.append(ByteBuffer.allocate(8 + batch.length).putLong(sourceOffset).put(batch).array());
        stored.increment(logs.size());
    }

    /**
     * The newest records that match, oldest first, at most {@code limit}. A record stored twice (the forwarder
     * replayed its entry after a crash) is returned once.
     */
    public synchronized List<Found> query(Predicate<Batch> batchFilter, Predicate<LogRecord> recordFilter, int limit) {
        reader.rewind();
        long oldest = clock.millis() - retention.toMillis();
        Deque<Found> newest = new ArrayDeque<>(limit);
        Set<Long> seen = new HashSet<>();
        for (List<LogEntry> chunk = reader.poll(1000, 8 << 20); !chunk.isEmpty(); chunk = reader.poll(1000, 8 << 20)) {
            for (LogEntry e : chunk) {
                ByteBuffer b = ByteBuffer.wrap(e.payload());
                long source = b.getLong();
                if (e.appendTimeMillis() < oldest || !seen.add(source)) {
                    continue;
                }
                Batch batch = BatchCodec.decode(e.payload(), 8, e.payload().length - 8);
                if (!batchFilter.test(batch)) {
                    continue;
                }
                for (LogRecord r : batch.logs()) {
                    if (recordFilter.test(r)) {
                        if (newest.size() == limit) {
                            newest.removeFirst();
                        }
                        newest.addLast(new Found(batch, r));
                    }
                }
            }
        }
        reader.rewind();
        return new ArrayList<>(newest);
    }

    @PreDestroy
    void close() {
        log.close();
    }
}

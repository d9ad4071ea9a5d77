package io.edgeobs.agent.buffer;

import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.durablelog.DurableLog;
import io.edgeobs.durablelog.DurableLogConfig;
import io.edgeobs.durablelog.FullPolicy;
import io.edgeobs.durablelog.LogEntry;
import io.edgeobs.durablelog.SyncPolicy;
import io.edgeobs.model.Signal;
import io.edgeobs.model.codec.BatchCodec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The device's durable buffer: one {@link DurableLog} per signal, each with its share of the disk budget. */
@ApplicationScoped
public class SignalBuffers {

    private static final Logger LOG = Logger.getLogger(SignalBuffers.class);

    private final Map<Signal, DurableLog> logs = new EnumMap<>(Signal.class);
    private final Map<Signal, Long> budgets = new EnumMap<>(Signal.class);

    public SignalBuffers(AgentConfig config, MeterRegistry registry) {
        AgentConfig.Buffer b = config.buffer();
        long total = b.budget().asLongValue();
        for (Signal s : Signal.values()) {
            double share = s == Signal.METRICS ? b.metricsShare() : (1 - b.metricsShare()) / 2;
            long budget = (long) (total * share);
            long segment = Math.min(b.segmentSize().asLongValue(), budget / 4);
            DurableLogConfig c = new DurableLogConfig(Path.of(config.dataDir()).resolve(s.name().toLowerCase(Locale.ROOT)),
                    segment, Duration.ofHours(1), budget, b.maxAge(), fullPolicy(b.fullPolicy()), b.blockTimeout(),
                    syncPolicy(b.sync()), Duration.ofSeconds(1), Clock.systemUTC(), b.localRetention());
            DurableLog log = DurableLog.open(c);
            logs.put(s, log);
            budgets.put(s, budget);
            String signal = s.name().toLowerCase(Locale.ROOT);
            Gauge.builder("edgeobs.agent.buffer.bytes", log, l -> l.stats().sizeBytes()).tag("signal", signal)
                    .description("bytes held by the durable buffer").register(registry);
            Gauge.builder("edgeobs.agent.buffer.undelivered.bytes", log, l -> l.stats().undeliveredBytes())
                    .tag("signal", signal).description("bytes of segments still holding undelivered records")
                    .register(registry);
            Gauge.builder("edgeobs.agent.buffer.budget.bytes", () -> budget).tag("signal", signal).register(registry);
            // what an evicted segment held is counted in telemetry records (points, spans, log lines), not batches
            AtomicLong budgetRecords = new AtomicLong();
            AtomicLong expiredRecords = new AtomicLong();
            log.onEviction((reason, entries, unreadable) -> {
                long records = 0;
                for (LogEntry e : entries) {
                    records += recordsIn(e);
                }
                (reason.equals("expired") ? expiredRecords : budgetRecords).addAndGet(records);
                if (unreadable > 0) {
                    LOG.warnf("%d evicted %s batches could not be read: their records are counted only in "
                            + "edgeobs_agent_buffer_dropped_batches", unreadable, signal);
                }
            });
            Gauge.builder("edgeobs.agent.buffer.dropped", budgetRecords, AtomicLong::get).tag("signal", signal)
                    .tag("reason", "budget").description("records evicted unacknowledged to stay within the budget")
                    .register(registry);
            Gauge.builder("edgeobs.agent.buffer.dropped", expiredRecords, AtomicLong::get).tag("signal", signal)
                    .tag("reason", "expired").description("records evicted unacknowledged past the maximum age")
                    .register(registry);
            Gauge.builder("edgeobs.agent.buffer.dropped.batches", log, l -> l.stats().droppedForBudget())
                    .tag("signal", signal).tag("reason", "budget").description("batches evicted unacknowledged")
                    .register(registry);
            Gauge.builder("edgeobs.agent.buffer.dropped.batches", log, l -> l.stats().expired()).tag("signal", signal)
                    .tag("reason", "expired").register(registry);
            Gauge.builder("edgeobs.agent.buffer.recovered.cut", log, l -> l.stats().recoveredCutRecords())
                    .tag("signal", signal).description("torn or corrupt records cut when the buffer was opened")
                    .register(registry);
            LOG.infof("durable buffer for %s: %s, budget %d bytes, %s", signal, c.dir(), budget, log.stats());
        }
    }

    /** The telemetry records in one buffered batch; 0 when it cannot be decoded. */
    private static long recordsIn(LogEntry entry) {
        try {
            return BatchCodec.decode(entry.payload()).size();
        } catch (RuntimeException e) {
            LOG.warnf("an evicted batch at offset %d cannot be decoded: %s", entry.offset(), e.getMessage());
            return 0;
        }
    }

    public DurableLog log(Signal signal) {
        return logs.get(signal);
    }

    /**
     * Undelivered bytes over the budget, of the fullest signal's buffer: 0 (empty) to 1 (full). Data kept only for
     * local queries does not count: it gives way to new data.
     */
    public double fullestFill() {
        double max = 0;
        for (Map.Entry<Signal, DurableLog> e : logs.entrySet()) {
            max = Math.max(max, (double) e.getValue().stats().undeliveredBytes() / budgets.get(e.getKey()));
        }
        return Math.min(1, max);
    }

    @PreDestroy
    void close() {
        logs.values().forEach(DurableLog::close);
    }

    static FullPolicy fullPolicy(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "block" -> FullPolicy.BLOCK;
            case "drop_oldest" -> FullPolicy.DROP_OLDEST;
            default -> throw new IllegalArgumentException("edgeobs.agent.buffer.full-policy must be block or drop_oldest, "
                    + "was " + name);
        };
    }

    static SyncPolicy syncPolicy(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "every-batch" -> SyncPolicy.EVERY_BATCH;
            case "interval" -> SyncPolicy.INTERVAL;
            case "none" -> SyncPolicy.NONE;
            default -> throw new IllegalArgumentException("edgeobs.agent.buffer.sync must be every-batch, interval or "
                    + "none, was " + name);
        };
    }
}

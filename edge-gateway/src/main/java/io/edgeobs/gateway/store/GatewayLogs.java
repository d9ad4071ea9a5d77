package io.edgeobs.gateway.store;

import io.edgeobs.durablelog.DurableLog;
import io.edgeobs.durablelog.DurableLogConfig;
import io.edgeobs.durablelog.FullPolicy;
import io.edgeobs.durablelog.SyncPolicy;
import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.model.Signal;
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

/**
 * The gateway's store-and-forward logs: one {@link DurableLog} per signal (ADR 0010), each with its share of the
 * disk budget, under {@code <data-dir>/log/<signal>}. The policy is {@code block}: when a log is full the intake
 * answers 503 and agents keep the data in their own logs; nothing already accepted is ever evicted for room.
 */
@ApplicationScoped
public class GatewayLogs {

    private static final Logger LOG = Logger.getLogger(GatewayLogs.class);

    private final Map<Signal, DurableLog> logs = new EnumMap<>(Signal.class);
    private final Map<Signal, Long> budgets = new EnumMap<>(Signal.class);
    private final Path root;

    public GatewayLogs(GatewayConfig config, MeterRegistry registry) {
        GatewayConfig.Log c = config.log();
        root = Path.of(config.dataDir()).resolve("log");
        long total = c.budget().asLongValue();
        for (Signal s : Signal.values()) {
            double share = s == Signal.METRICS ? c.metricsShare() : (1 - c.metricsShare()) / 2;
            long budget = (long) (total * share);
            long segment = Math.min(c.segmentSize().asLongValue(), budget / 4);
            DurableLogConfig lc = new DurableLogConfig(dir(s), segment, Duration.ofMinutes(10), budget, c.maxAge(),
                    FullPolicy.BLOCK, c.blockTimeout(), sync(c.sync()), Duration.ofSeconds(1), Clock.systemUTC());
            DurableLog log = DurableLog.open(lc);
            logs.put(s, log);
            budgets.put(s, budget);
            String signal = name(s);
            Gauge.builder("edgeobs.gateway.log.bytes", log, l -> l.stats().sizeBytes()).tag("signal", signal)
                    .description("bytes held by the store-and-forward log").register(registry);
            Gauge.builder("edgeobs.gateway.log.budget.bytes", () -> budget).tag("signal", signal).register(registry);
            Gauge.builder("edgeobs.gateway.log.dropped", log, l -> l.stats().expired()).tag("signal", signal)
                    .tag("reason", "expired").description("entries Kafka never took within the maximum age")
                    .register(registry);
            Gauge.builder("edgeobs.gateway.log.recovered.cut", log, l -> l.stats().recoveredCutRecords())
                    .tag("signal", signal).description("torn entries cut when the log was opened after a crash")
                    .register(registry);
            LOG.infof("store-and-forward log for %s: %s, budget %d bytes, %s", signal, lc.dir(), budget, log.stats());
        }
    }

    public DurableLog log(Signal signal) {
        return logs.get(signal);
    }

    public long budget(Signal signal) {
        return budgets.get(signal);
    }

    /** The directory of a signal's log, where its forwarding state lives too. */
    public Path dir(Signal signal) {
        return root.resolve(name(signal));
    }

    @PreDestroy
    void close() {
        logs.values().forEach(DurableLog::close);
    }

    public static String name(Signal s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    static SyncPolicy sync(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "every-batch" -> SyncPolicy.EVERY_BATCH;
            case "interval" -> SyncPolicy.INTERVAL;
            case "none" -> SyncPolicy.NONE;
            default -> throw new IllegalArgumentException("edgeobs.gateway.log.sync must be every-batch, interval or "
                    + "none, was " + name);
        };
    }
}

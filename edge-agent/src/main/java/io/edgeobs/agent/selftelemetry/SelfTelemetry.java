package io.edgeobs.agent.selftelemetry;

import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.agent.ingest.BackpressureException;
import io.edgeobs.agent.ingest.Ingest;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Tags;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ships the agent's own health as telemetry: every interval its {@code edgeobs_agent_*} meters (buffer use and
 * budget, drops by reason, lag, export failures...) plus its resident memory go through {@link Ingest} like any
 * other metrics, so the fleet view in the backend sees every agent as the agent sees itself.
 */
@ApplicationScoped
public class SelfTelemetry {

    private static final Logger LOG = Logger.getLogger(SelfTelemetry.class);

    private final Ingest ingest;
    private final MeterRegistry registry;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "self-telemetry");
        t.setDaemon(true);
        return t;
    });

    public SelfTelemetry(Ingest ingest, MeterRegistry registry) {
        this.ingest = ingest;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event, AgentConfig config) {
        Duration every = config.selfTelemetry().interval();
        if (every.isZero() || every.isNegative()) {
            LOG.info("self-telemetry is off (edgeobs.agent.self-telemetry.interval=0)");
            return;
        }
        timer.scheduleAtFixedRate(this::recordOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Records one snapshot; a full buffer skips it (the next one says the same, later). */
    void recordOnce() {
        try {
            long now = System.currentTimeMillis() * 1_000_000L;
            List<MetricPoint> points = new java.util.ArrayList<>(MeterSnapshot.take(registry, now));
            residentBytes().ifPresent(rss -> points.add(
                    MetricPoint.gauge("edgeobs_agent_process_resident_memory_bytes", rss, now, Tags.EMPTY)));
            ingest.accept(Signal.METRICS, points).await().atMost(Duration.ofSeconds(30));
        } catch (BackpressureException e) {
            registry.counter("edgeobs.agent.self.telemetry.skipped", "reason", "buffer_full").increment();
        } catch (RuntimeException e) {
            registry.counter("edgeobs.agent.self.telemetry.skipped", "reason", "error").increment();
            LOG.errorf(e, "recording the agent's own telemetry failed");
        }
    }

    private static java.util.OptionalLong residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return java.util.OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no /proc: the meters are still recorded
        }
        return java.util.OptionalLong.empty();
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}

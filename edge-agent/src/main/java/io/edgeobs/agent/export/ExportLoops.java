package io.edgeobs.agent.export;

import io.edgeobs.agent.buffer.SignalBuffers;
import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.agent.http.BlockingHttp;
import io.edgeobs.model.Signal;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Runs one {@link ExportLoop} per signal on its own thread, from start to shutdown, and publishes its counters. */
@ApplicationScoped
public class ExportLoops {

    private static final Logger LOG = Logger.getLogger(ExportLoops.class);

    private final Map<Signal, ExportLoop> loops = new EnumMap<>(Signal.class);
    private final Map<Signal, Thread> threads = new EnumMap<>(Signal.class);
    private Exporter exporter;
    private BlockingHttp http;

    void onStart(@Observes StartupEvent event, AgentConfig config, SignalBuffers buffers, MeterRegistry registry,
                 Vertx vertx) {
        AgentConfig.Export e = config.export();
        exporter = switch (e.type().toLowerCase(Locale.ROOT)) {
            case "gateway" -> HttpExporter.gateway(http(vertx, e), e.gatewayUrl(), e.deviceToken(), e.requestTimeout());
            case "otlp" -> HttpExporter.otlp(http(vertx, e), e.otlpUrl(), e.otlpHeaders(), e.requestTimeout());
            case "file" -> JsonLinesExporter.toFile(Path.of(e.file()));
            case "stdout" -> JsonLinesExporter.toStdout();
            default -> throw new IllegalArgumentException("edgeobs.agent.export.type must be gateway, otlp, file or stdout, "
                    + "was " + e.type());
        };
        exporter = new TimedExporter(exporter, registry);
        ExportLoop.Limits limits = new ExportLoop.Limits(e.maxEntries(), e.maxBytes().asLongValue(), e.linger(),
                e.retryMin(), e.retryMax());
        for (Signal s : Signal.values()) {
            String name = s.name().toLowerCase(Locale.ROOT);
            ExportLoop loop = new ExportLoop(s, buffers.log(s), Path.of(config.dataDir()).resolve(name), exporter, limits);
            loops.put(s, loop);
            FunctionCounter.builder("edgeobs.agent.export.batches", loop, ExportLoop::deliveredBatches)
                    .tag("signal", name).description("batches delivered").register(registry);
            FunctionCounter.builder("edgeobs.agent.export.records", loop, ExportLoop::deliveredRecords)
                    .tag("signal", name).description("records delivered").register(registry);
            FunctionCounter.builder("edgeobs.agent.export.retries", loop, ExportLoop::retries)
                    .tag("signal", name).register(registry);
            FunctionCounter.builder("edgeobs.agent.export.quarantined", loop, ExportLoop::quarantinedBatches)
                    .tag("signal", name).description("batches refused for good and kept in quarantine.jsonl")
                    .register(registry);
            Gauge.builder("edgeobs.agent.export.lag", loop, ExportLoop::lag).tag("signal", name)
                    .description("buffered entries not yet delivered").register(registry);
            Gauge.builder("edgeobs.agent.export.last.success.timestamp.seconds", loop, l -> l.lastSuccessMillis() / 1000.0)
                    .tag("signal", name).description("when the receiver last took a batch (0: not since start)")
                    .register(registry);
            Gauge.builder("edgeobs.agent.export.consecutive.failures", loop, ExportLoop::consecutiveFailures)
                    .tag("signal", name).register(registry);
            Gauge.builder("edgeobs.agent.buffer.oldest.undelivered.age.seconds", loop,
                    ExportLoop::oldestUndeliveredAgeSeconds).tag("signal", name)
                    .description("how long the oldest undelivered record has been waiting").register(registry);
            Thread t = new Thread(loop, "export-" + name);
            t.setDaemon(true);
            threads.put(s, t);
            t.start();
        }
        LOG.infof("exporting to %s", switch (e.type()) {
            case "gateway" -> e.gatewayUrl();
            case "otlp" -> e.otlpUrl();
            default -> e.type();
        });
    }

    /** One connection per export loop, kept alive between batches. */
    private BlockingHttp http(Vertx vertx, AgentConfig.Export e) {
        http = new BlockingHttp(vertx, Signal.values().length, e.requestTimeout());
        return http;
    }

    void onStop(@Observes ShutdownEvent event) {
        loops.values().forEach(ExportLoop::stop);
        for (Thread t : threads.values()) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (exporter != null) {
            exporter.close();
        }
        if (http != null) {
            http.close();
        }
    }

    public ExportLoop loop(Signal signal) {
        return loops.get(signal);
    }
}

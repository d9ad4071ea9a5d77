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
    private SwitchableExporter exporter;
    private ExporterSettings settings;
    private BlockingHttp http;
    private MeterRegistry registry;

    void onStart(@Observes StartupEvent event, AgentConfig config, SignalBuffers buffers, MeterRegistry registry,
                 Vertx vertx) {
        AgentConfig.Export e = config.export();
        http = new BlockingHttp(vertx, Signal.values().length, e.requestTimeout()); // a connection per loop, kept alive
        this.registry = registry;
        settings = ExporterSettings.of(e);
        exporter = new SwitchableExporter(create(settings));
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
        LOG.infof("exporting to %s", settings.destination());
    }

    /** Sends from now on where {@code next} says (a new manifest); buffered data goes there too. */
    public synchronized void reconfigure(ExporterSettings next) {
        if (next.equals(settings) || exporter == null) {
            return;
        }
        Exporter old = exporter.replace(create(next));
        old.close();
        LOG.infof("exporter changed: now %s to %s (was %s to %s)", next.type(), next.destination(), settings.type(),
                settings.destination());
        settings = next;
    }

    public synchronized ExporterSettings settings() {
        return settings;
    }

    private Exporter create(ExporterSettings s) {
        Exporter e = switch (s.type()) {
            case "gateway" -> HttpExporter.gateway(http, s.gatewayUrl(), s.deviceToken(), s.requestTimeout(),
                    s.schemaVersions());
            case "otlp" -> HttpExporter.otlp(http, s.otlpUrl(), s.otlpHeaders(), s.requestTimeout());
            case "file" -> JsonLinesExporter.toFile(Path.of(s.file()));
            default -> JsonLinesExporter.toStdout();
        };
        return new TimedExporter(e, registry);
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

package io.edgeobs.gateway.forward;

import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.gateway.policy.Aggregator;
import io.edgeobs.gateway.policy.PolicyHolder;
import io.edgeobs.gateway.schema.SchemaIds;
import io.edgeobs.gateway.store.GatewayLogs;
import io.edgeobs.model.Signal;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one {@link Forwarder} per signal, each on its own thread (blocking work, never on the event loop), once the
 * schema ids are known. Stops them before the logs close.
 */
@ApplicationScoped
public class Forwarding {

    private static final Logger LOG = Logger.getLogger(Forwarding.class);

    private final GatewayConfig config;
    private final GatewayLogs logs;
    private final SchemaIds ids;
    private final PolicyHolder policy;
    private final LocalSink local;
    private final MeterRegistry registry;
    private final Map<Signal, Forwarder> forwarders = new EnumMap<>(Signal.class);
    private final Map<Signal, Thread> threads = new EnumMap<>(Signal.class);
    private volatile boolean stopping;

    public Forwarding(GatewayConfig config, GatewayLogs logs, SchemaIds ids, PolicyHolder policy, LocalSink local,
                      MeterRegistry registry) {
        this.config = config;
        this.logs = logs;
        this.ids = ids;
        this.policy = policy;
        this.local = local;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.forward().enabled()) {
            LOG.warn("forwarding is disabled (edgeobs.gateway.forward.enabled=false): data stays in the logs");
            return;
        }
        for (Signal s : Signal.values()) {
            Aggregator aggregator = s == Signal.METRICS
                    ? new Aggregator(config.gatewayId(), config.region(), config.policy().maxOpenSeries()) : null;
            String topic = topic(s);
            Path stateFile = logs.dir(s).resolve("forward.state");
            Forwarder f = new Forwarder(s, logs.log(s), stateFile, config.forward(), () -> new KafkaSink(producer(s)),
                    aggregator, (schemaId, clock) -> new EntryProcessor(s, topic, schemaId, policy, aggregator,
                    s == Signal.LOGS ? local : null, clock));
            forwarders.put(s, f);
            metrics(s, f, aggregator);
            Thread t = new Thread(() -> run(s, f, stateFile), "forward-" + GatewayLogs.name(s));
            threads.put(s, t);
            t.start();
        }
    }

    private void run(Signal s, Forwarder f, Path stateFile) {
        try {
            while (!stopping && !ids.await(500)) {
                // the registry is not reachable yet; SchemaIds retries and logs
            }
            if (stopping) {
                return;
            }
            int schemaId = ids.get(s).orElseThrow().id();
            f.run(ForwardState.load(stateFile), schemaId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "forwarding of %s stopped", s);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        forwarders.values().forEach(Forwarder::stop);
        for (Thread t : threads.values()) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Per signal: what its forwarder is doing and how far behind it is. */
    public Map<String, String> status() {
        Map<String, String> m = new LinkedHashMap<>();
        forwarders.forEach((s, f) -> m.put(GatewayLogs.name(s), f.status() + " (lag " + f.lag() + " entries)"));
        return m;
    }

    String topic(Signal s) {
        GatewayConfig.Kafka k = config.kafka();
        return switch (s) {
            case METRICS -> k.metricsTopic();
            case SPANS -> k.spansTopic();
            case LOGS -> k.logsTopic();
        };
    }

    Map<String, Object> producer(Signal s) {
        GatewayConfig.Kafka k = config.kafka();
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, k.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "edgeobs-gateway-" + config.gatewayId() + "-" + GatewayLogs.name(s));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, k.compression());
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) k.linger().toMillis());
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, (int) k.batchSize().asLongValue());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) k.maxRequestSize().asLongValue());
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(64L << 20, 2 * k.maxRequestSize().asLongValue()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) k.deliveryTimeout().toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) k.requestTimeout().toMillis());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, k.deliveryTimeout().toMillis());
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
        p.putAll(k.producer());
        return p;
    }

    private void metrics(Signal s, Forwarder f, Aggregator a) {
        String signal = GatewayLogs.name(s);
        FunctionCounter.builder("edgeobs.gateway.forward.batches", f, x -> x.batches.get()).tag("signal", signal)
                .description("batches Kafka acknowledged").register(registry);
        FunctionCounter.builder("edgeobs.gateway.forward.records", f, x -> x.records.get()).tag("signal", signal)
                .description("records in batches Kafka acknowledged").register(registry);
        FunctionCounter.builder("edgeobs.gateway.forward.failures", f, x -> x.failures.get()).tag("signal", signal)
                .description("rounds Kafka did not take (sent again)").register(registry);
        FunctionCounter.builder("edgeobs.gateway.records.dropped", f, x -> x.unreadable.get()).tag("signal", signal)
                .tag("reason", "unreadable").description("log entries that could not be read back").register(registry);
        Gauge.builder("edgeobs.gateway.forward.lag", f, Forwarder::lag).tag("signal", signal)
                .description("log entries not yet sent to Kafka").register(registry);
        if (a != null) {
            Gauge.builder("edgeobs.gateway.aggregate.open.windows", a, Aggregator::openWindows)
                    .description("aggregation windows open").register(registry);
            FunctionCounter.builder("edgeobs.gateway.aggregate.unaggregated", a, Aggregator::late).tag("reason", "late")
                    .description("points forwarded as they are because their window had closed (backfill)")
                    .register(registry);
            FunctionCounter.builder("edgeobs.gateway.aggregate.unaggregated", a, Aggregator::early).tag("reason", "early")
                    .register(registry);
            FunctionCounter.builder("edgeobs.gateway.aggregate.unaggregated", a, Aggregator::overflow)
                    .tag("reason", "series_limit").register(registry);
        }
    }
}

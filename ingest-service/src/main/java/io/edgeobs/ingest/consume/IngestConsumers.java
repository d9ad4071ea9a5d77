package io.edgeobs.ingest.consume;

import io.edgeobs.ingest.config.IngestConfig;
import io.edgeobs.ingest.decode.RecordDecoder;
import io.edgeobs.ingest.decode.SchemaResolver;
import io.edgeobs.ingest.dlq.DlqPublisher;
import io.edgeobs.ingest.metrics.IngestMetrics;
import io.edgeobs.ingest.sink.ExternalSink;
import io.edgeobs.ingest.sink.SinkTargets;
import io.edgeobs.ingest.sink.opensearch.OpenSearchLogSink;
import io.edgeobs.ingest.sink.otlp.OtlpSpanSink;
import io.edgeobs.ingest.storage.Retention;
import io.edgeobs.ingest.storage.Storage;
import io.edgeobs.ingest.storage.write.BatchWriter;
import io.edgeobs.ingest.storage.write.SeriesResolver;
import io.edgeobs.model.registry.SchemaRegistryClient;
import io.edgeobs.model.validation.ValidationLimits;
import io.edgeobs.model.validation.Validator;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts {@code edgeobs.ingest.kafka.consumers} consumer threads once the storage is ready, and stops them on
 * shutdown (the poll in hand is finished or abandoned uncommitted; either way nothing is lost).
 */
@ApplicationScoped
public class IngestConsumers {

    private static final Logger LOG = Logger.getLogger(IngestConsumers.class);

    private final IngestConfig config;
    private final Storage storage;
    private final Clock clock;
    private final IngestMetrics metrics;
    private final SinkTargets targets;
    private final List<ConsumerLoop> loops = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<ExternalSink> sinks = new ArrayList<>();
    private volatile boolean running = true;
    private volatile SeriesResolver series;
    private KafkaProducer<byte[], byte[]> dlqProducer;
    private Thread starter;

    public IngestConsumers(IngestConfig config, Storage storage, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.storage = storage;
        this.clock = clock;
        this.metrics = new IngestMetrics(registry);
        this.targets = SinkTargets.of(config.sinks());
        metrics.lagGauge(this::lag);
        metrics.gauge("edgeobs.ingest.series.cached", "Series ids held in memory",
                () -> series == null ? 0 : series.cachedSeries());
    }

    void onStart(@Observes StartupEvent event) {
        starter = new Thread(this::startWhenStorageReady, "ingest-consumers-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startWhenStorageReady() {
        try {
            while (running && !storage.awaitReady(Duration.ofSeconds(1))) {
                // the storage bootstrap retries on its own; readiness reports why it waits
            }
        } catch (InterruptedException e) {
            return;
        }
        if (!running) {
            return;
        }
        Retention retention = Retention.of(config.storage());
        SchemaRegistryClient registry = new SchemaRegistryClient(URI.create(config.schemaRegistry().url()),
                config.schemaRegistry().token(), config.schemaRegistry().timeout());
        ValidationLimits d = ValidationLimits.DEFAULTS;
        Validator validator = new Validator(new ValidationLimits(d.maxTags(), d.maxTagKeyBytes(), d.maxTagValueBytes(),
                d.maxLogMessageBytes(), d.minTimestamp(), config.maxFutureSkew()), clock);
        RecordDecoder decoder = new RecordDecoder(new SchemaResolver(registry, config.schemaRegistry().unknownIdTtl()),
                validator, retention, clock);
        dlqProducer = KafkaClients.dlqProducer(config);
        DlqPublisher dlq = new DlqPublisher(dlqProducer, config.kafka().dlqTopic(), 30_000);
        if (targets.logsToOpenSearch()) {
            sinks.add(new OpenSearchLogSink(config.opensearch().url(), config.opensearch().maxBulkBytes(),
                    config.opensearch().itemRetries(), config.opensearch().timeout()));
        }
        if (targets.spansToOtlp()) {
            sinks.add(new OtlpSpanSink(config.otlp().endpoint(), config.otlp().maxSpansPerRequest(), config.otlp().timeout()));
        }
        series = new SeriesResolver(config.storage().seriesCacheSize());
        Backoff backoff = new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff());
        for (int i = 0; i < config.kafka().consumers(); i++) {
            // one writer per consumer: a writer is used by one thread at a time; the series cache is shared
            BatchWriter writer = new BatchWriter(storage.dialect(), series, targets.postgresSignals(), clock,
                    config.storage().stageMetricPoints());
            PollProcessor processor = new PollProcessor(storage.dataSource(), decoder, dlq, writer, sinks,
                    targets.postgresSignals(), metrics);
            String name = "ingest-consumer-" + i;
            ConsumerLoop loop = new ConsumerLoop(name, KafkaClients.consumer(config, i),
                    config.topics(), processor, backoff, config.kafka().pollTimeout(), () -> running);
            loops.add(loop);
            Thread t = new Thread(loop, name);
            threads.add(t);
            t.start();
        }
        LOG.infof("%d consumers of %s in group %s; logs to %s, spans to %s", loops.size(), config.topics(),
                config.consumerGroup(), config.sinks().logs(), config.sinks().spans());
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (starter != null) {
            starter.interrupt();
        }
        loops.forEach(ConsumerLoop::wakeup);
        for (Thread t : threads) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dlqProducer != null) {
            dlqProducer.close(Duration.ofSeconds(5));
        }
        sinks.forEach(ExternalSink::close);
    }

    /** Null when every consumer runs and stores; otherwise what they wait for. */
    public String problem() {
        if (!storage.isReady()) {
            return "storage: " + storage.problem();
        }
        if (loops.size() < config.kafka().consumers()) {
            return "consumers starting";
        }
        for (ConsumerLoop l : loops) {
            if (l.unavailable() != null) {
                return l.unavailable() + " unavailable; partitions paused, retrying";
            }
        }
        for (Thread t : threads) {
            if (!t.isAlive() && running) {
                return t.getName() + " stopped";
            }
        }
        return null;
    }

    public long lag() {
        return loops.stream().mapToLong(ConsumerLoop::lag).sum();
    }

    public int consumers() {
        return loops.size();
    }

    public SinkTargets targets() {
        return targets;
    }

    public IngestMetrics metrics() {
        return metrics;
    }
}

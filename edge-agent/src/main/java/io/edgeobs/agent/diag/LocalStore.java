package io.edgeobs.agent.diag;

import io.edgeobs.agent.buffer.SignalBuffers;
import io.edgeobs.model.Signal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent's own store as a local, queryable index: one {@link LocalIndex} per signal over its durable buffer
 * (undelivered data and, for the configured local retention, delivered data). The index is built in the
 * background at start from what the buffer held, then kept current by every append; deleted segments are
 * forgotten every few seconds and before each query.
 */
@ApplicationScoped
public class LocalStore {

    private static final Logger LOG = Logger.getLogger(LocalStore.class);
    /** Keeps the buffered-record gauges current without costing anything noticeable. */
    private static final long REFRESH_SECONDS = 5;

    private final SignalBuffers buffers;
    private final Map<Signal, LocalIndex> indexes = new EnumMap<>(Signal.class);
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-index");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean built;

    public LocalStore(SignalBuffers buffers, MeterRegistry registry) {
        this.buffers = buffers;
        for (Signal s : Signal.values()) {
            LocalIndex index = new LocalIndex(buffers.log(s));
            indexes.put(s, index);
            String name = s.name().toLowerCase(Locale.ROOT);
            Gauge.builder("edgeobs.agent.buffer.records", this, store -> store.undeliveredRecords(s))
                    .tag("signal", name).description("records buffered and not yet delivered").register(registry);
        }
    }

    void onStart(@Observes StartupEvent event) {
        refresher.execute(() -> {
            long start = System.nanoTime();
            indexes.values().forEach(LocalIndex::build);
            built = true;
            LOG.infof("local index built in %d ms: %s", (System.nanoTime() - start) / 1_000_000, summary());
        });
        refresher.scheduleWithFixedDelay(this::refreshAll, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    private void refreshAll() {
        try {
            indexes.values().forEach(LocalIndex::refresh);
        } catch (RuntimeException e) {
            LOG.errorf(e, "refreshing the local index failed; it is retried in %d s", REFRESH_SECONDS);
        }
    }

    /** Indexes an entry the agent just appended. */
    public void onAppended(Signal signal, long offset, io.edgeobs.model.Batch batch) {
        indexes.get(signal).onAppended(offset, batch);
    }

    boolean isBuilt() {
        return built;
    }

    /** The index of a signal, brought up to date. */
    LocalIndex current(Signal signal) {
        LocalIndex index = indexes.get(signal);
        index.refresh();
        return index;
    }

    /** The first offset the exporter has not had acknowledged: entries before it were delivered. */
    long deliveredBelow(Signal signal) {
        return buffers.log(signal).consumer("export").ackedOffset();
    }

    private double undeliveredRecords(Signal signal) {
        return built ? indexes.get(signal).recordsFrom(deliveredBelow(signal)) : Double.NaN;
    }

    private String summary() {
        StringBuilder b = new StringBuilder();
        indexes.forEach((s, i) -> b.append(s.name().toLowerCase(Locale.ROOT)).append(' ').append(i.segmentCount())
                .append(" segments, "));
        return b.substring(0, b.length() - 2);
    }

    @PreDestroy
    void close() {
        refresher.shutdownNow();
    }
}

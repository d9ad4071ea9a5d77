package io.edgeobs.agent.ingest;

import io.edgeobs.agent.buffer.SignalBuffers;
import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.agent.diag.LocalStore;
import io.edgeobs.durablelog.LogFullException;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;
import io.edgeobs.model.TelemetryRecord;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.validation.BatchValidation;
import io.edgeobs.model.validation.Validator;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;

/**
 * The way in for every source: validate, apply the record filter (sampling and limits), and append to the signal's
 * durable log. The answer comes only once the records are durable. Backpressure is explicit: at most
 * {@value #MAX_IN_FLIGHT} appends are in flight (each holds its records in memory), and a full buffer is a
 * {@link BackpressureException}, never an unbounded queue.
 */
@ApplicationScoped
public class Ingest {

    /** Bounds the memory held by appends waiting for their fsync: 64 batches of at most a few MiB. */
    static final int MAX_IN_FLIGHT = 64;

    private final SignalBuffers buffers;
    private final Validator validator = Validator.withDefaults();
    private final RecordFilter filter;
    private final Resource resource;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final MeterRegistry registry;
    private final LocalStore localStore;

    public Ingest(SignalBuffers buffers, AgentConfig config, RecordFilter filter, MeterRegistry registry,
                  LocalStore localStore) {
        this.buffers = buffers;
        this.localStore = localStore;
        this.filter = filter;
        this.registry = registry;
        this.resource = Resource.device(config.deviceId(), config.deviceType(), AgentVersion.VERSION);
    }

    /** Accepts records of one signal; completes once the valid ones are durable. */
    public Uni<Accepted> accept(Signal signal, List<? extends TelemetryRecord> records) {
        return Uni.createFrom().item(() -> prepare(signal, records))
                .onItem().transformToUni(p -> p.batch().size() == 0 ? Uni.createFrom().item(p.accepted())
                        : Uni.createFrom().item(() -> append(signal, p))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    private record Prepared(Batch batch, Accepted accepted) {
    }

    private Prepared prepare(Signal signal, List<? extends TelemetryRecord> records) {
        BatchValidation v = validator.validate(new Batch(resource, 0, signal, records, null));
        String name = signal.name().toLowerCase(Locale.ROOT);
        if (v.rejectedRecords() > 0) {
            registry.counter("edgeobs.agent.records.rejected", "signal", name, "reason", "invalid")
                    .increment(v.rejectedRecords());
        }
        RecordFilter.Filtered f = filter.apply(signal, v.accepted().records());
        List<? extends TelemetryRecord> kept = f.kept();
        f.dropped().forEach((reason, n) ->
                registry.counter("edgeobs.agent.records.filtered", "signal", name, "reason", reason).increment(n));
        return new Prepared(v.accepted().withRecords(kept),
                new Accepted(kept.size(), v.rejectedRecords(), v.violations()));
    }

    private Accepted append(Signal signal, Prepared p) {
        if (!inFlight.tryAcquire()) {
            throw new BackpressureException("too many appends in flight (" + MAX_IN_FLIGHT + "); retry shortly",
                    Duration.ofSeconds(1));
        }
        try {
            long offset = buffers.log(signal).append(BatchCodec.encode(p.batch()));
            localStore.onAppended(signal, offset, p.batch());
            registry.counter("edgeobs.agent.records.accepted", "signal", signal.name().toLowerCase(Locale.ROOT))
                    .increment(p.batch().size());
            return p.accepted();
        } catch (LogFullException e) {
            registry.counter("edgeobs.agent.records.refused", "signal", signal.name().toLowerCase(Locale.ROOT),
                    "reason", "buffer_full").increment(p.batch().size());
            throw new BackpressureException("the " + signal.name().toLowerCase(Locale.ROOT) + " buffer is full: "
                    + e.getMessage(), Duration.ofSeconds(5));
        } finally {
            inFlight.release();
        }
    }
}

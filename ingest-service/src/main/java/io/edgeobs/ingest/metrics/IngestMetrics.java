package io.edgeobs.ingest.metrics;

import io.edgeobs.ingest.decode.LedgerKey;
import io.edgeobs.ingest.decode.PoisonReason;
import io.edgeobs.model.Signal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The ingest service's metrics (Prometheus names):
 * <ul>
 *   <li>{@code edgeobs_ingest_batches_total{signal,outcome="stored"|"duplicate"}}: batches by what the ledger said;</li>
 *   <li>{@code edgeobs_ingest_records_total{signal,sink}}: records stored, per sink;</li>
 *   <li>{@code edgeobs_ingest_dropped_records_total{signal,reason="expired"|"invalid"|"future_timestamp"|"sink_refused"}}:
 *       every record not stored (invalid and future ones are in the DLQ, expired ones are gone);</li>
 *   <li>{@code edgeobs_ingest_dlq_records_total{reason}}: Kafka records sent to the DLQ;</li>
 *   <li>{@code edgeobs_ingest_retries_total{dependency}}: polls retried because a dependency was unavailable;</li>
 *   <li>{@code edgeobs_ingest_poll_seconds}: time to store one poll, from decoding to the offset commit;</li>
 *   <li>{@code edgeobs_ingest_consumer_lag_records}: records behind the end of the assigned partitions.</li>
 * </ul>
 */
public final class IngestMetrics {

    private final MeterRegistry registry;
    private final Timer pollTimer;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.pollTimer = Timer.builder("edgeobs.ingest.poll").description("Time to store one poll, decode to offset commit")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    public void batch(Signal signal, boolean stored) {
        counter("edgeobs.ingest.batches", "Batches by what the ledger said", "signal", LedgerKey.signalName(signal),
                "outcome", stored ? "stored" : "duplicate").increment();
    }

    public void records(Signal signal, String sink, long n) {
        if (n > 0) {
            counter("edgeobs.ingest.records", "Records stored, per sink", "signal", LedgerKey.signalName(signal),
                    "sink", sink).increment(n);
        }
    }

    public void dropped(Signal signal, String reason, long n) {
        if (n > 0) {
            counter("edgeobs.ingest.dropped.records", "Records not stored (invalid and future ones are in the DLQ)",
                    "signal", LedgerKey.signalName(signal), "reason", reason).increment(n);
        }
    }

    public void dlq(PoisonReason reason) {
        counter("edgeobs.ingest.dlq.records", "Kafka records sent to the DLQ", "reason", reason.header()).increment();
    }

    public void retry(String dependency) {
        counter("edgeobs.ingest.retries", "Polls retried because a dependency was unavailable", "dependency", dependency)
                .increment();
    }

    public void poll(Duration d) {
        pollTimer.record(d);
    }

    public void lagGauge(Supplier<Number> lag) {
        io.micrometer.core.instrument.Gauge.builder("edgeobs.ingest.consumer.lag.records", lag)
                .description("Records behind the end of the assigned partitions").register(registry);
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
    }

    /** Count of a counter, for tests and logs. */
    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }
}

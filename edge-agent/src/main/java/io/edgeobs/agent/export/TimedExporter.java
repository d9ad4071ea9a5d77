package io.edgeobs.agent.export;

import io.edgeobs.model.Batch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;

/** Times every export attempt: {@code edgeobs.agent.export.latency{signal, outcome}}. */
final class TimedExporter implements Exporter {

    private final Exporter exporter;
    private final MeterRegistry registry;

    TimedExporter(Exporter exporter, MeterRegistry registry) {
        this.exporter = exporter;
        this.registry = registry;
    }

    @Override
    public ExportResult export(Batch batch, byte[] encoded) {
        long start = System.nanoTime();
        ExportResult result = exporter.export(batch, encoded);
        String outcome = result instanceof ExportResult.Delivered ? "delivered"
                : result instanceof ExportResult.Retry ? "retry" : "rejected";
        Timer.builder("edgeobs.agent.export.latency").tag("signal", batch.signal().name().toLowerCase(Locale.ROOT))
                .tag("outcome", outcome).description("time of one export attempt").register(registry)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        return result;
    }

    @Override
    public void close() {
        exporter.close();
    }
}

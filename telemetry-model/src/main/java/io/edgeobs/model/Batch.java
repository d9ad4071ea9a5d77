package io.edgeobs.model;

import java.util.List;

/**
 * The unit of transport and of exactly-once storage: records of one signal from one resource.
 * {@code (resource.deviceId, signal, batchSeq)} identifies a batch; {@code batchSeq} is monotonic per device.
 *
 * @param envelope what the receiving gateway added, or {@code null} before a gateway saw the batch
 */
public record Batch(Resource resource, long batchSeq, Signal signal, List<? extends TelemetryRecord> records,
                    Envelope envelope) {

    public Batch {
        if (signal == null) {
            throw new IllegalArgumentException("a batch needs a signal");
        }
        if (batchSeq < 0) {
            throw new IllegalArgumentException("batchSeq must not be negative, was " + batchSeq);
        }
        resource = resource == null ? Resource.EMPTY : resource;
        records = records == null ? List.of() : List.copyOf(records);
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).signal() != signal) {
                throw new IllegalArgumentException("a " + signal + " batch holds a " + records.get(i).signal()
                        + " record at index " + i);
            }
        }
    }

    public static Batch ofMetrics(Resource resource, long batchSeq, List<MetricPoint> points) {
        return new Batch(resource, batchSeq, Signal.METRICS, points, null);
    }

    public static Batch ofSpans(Resource resource, long batchSeq, List<Span> spans) {
        return new Batch(resource, batchSeq, Signal.SPANS, spans, null);
    }

    public static Batch ofLogs(Resource resource, long batchSeq, List<LogRecord> logs) {
        return new Batch(resource, batchSeq, Signal.LOGS, logs, null);
    }

    @SuppressWarnings("unchecked")
    public List<MetricPoint> metrics() {
        requireSignal(Signal.METRICS);
        return (List<MetricPoint>) records;
    }

    @SuppressWarnings("unchecked")
    public List<Span> spans() {
        requireSignal(Signal.SPANS);
        return (List<Span>) records;
    }

    @SuppressWarnings("unchecked")
    public List<LogRecord> logs() {
        requireSignal(Signal.LOGS);
        return (List<LogRecord>) records;
    }

    public int size() {
        return records.size();
    }

    public Batch withEnvelope(Envelope newEnvelope) {
        return new Batch(resource, batchSeq, signal, records, newEnvelope);
    }

    public Batch withResource(Resource newResource) {
        return new Batch(newResource, batchSeq, signal, records, envelope);
    }

    public Batch withRecords(List<? extends TelemetryRecord> newRecords) {
        return new Batch(resource, batchSeq, signal, newRecords, envelope);
    }

    private void requireSignal(Signal expected) {
        if (signal != expected) {
            throw new IllegalStateException("this batch holds " + signal + ", not " + expected);
        }
    }
}

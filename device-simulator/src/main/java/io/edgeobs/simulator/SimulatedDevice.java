package io.edgeobs.simulator;

import io.edgeobs.model.Batch;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Span;
import io.edgeobs.model.codec.BatchCodec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One lightweight simulated device: it produces its profile's records every export, numbers each batch once per
 * signal (starting above the numbers of any earlier run, so the ingest ledger never mistakes a new batch for an old
 * one), and sends them in order, resending a batch unchanged until it is taken. While the link is down batches wait
 * in a buffer bounded in bytes; when it is full the oldest batch is dropped and counted, like an agent's
 * {@code drop_oldest}. Not thread safe: the fleet runs one device's exports one at a time.
 */
public final class SimulatedDevice {

    private record Pending(Batch batch, byte[] encoded) {
    }

    private final Resource resource;
    private final Profile profile;
    private final DeviceMetrics metrics;
    private final DeviceEvents events;
    private final long maxPendingBytes;
    private final Stats stats;
    private final long[] nextSeq = new long[Signal.values().length];
    private final Deque<Pending> pending = new ArrayDeque<>();
    private long pendingBytes;
    private double traceCarry;
    private double logCarry;
    private long lastExportNanos;
    private final java.util.SplittableRandom random;

    /**
     * @param seqBase the first batch_seq of every signal, minus one; give a number above any earlier run's (the
     *                fleet uses the start time in milliseconds times 1000)
     */
    public SimulatedDevice(Resource resource, Profile profile, long seed, long seqBase, long maxPendingBytes, Stats stats) {
        this.resource = resource;
        this.profile = profile;
        this.metrics = new DeviceMetrics(profile.seriesPerExport(), seed);
        this.events = new DeviceEvents(resource.deviceId(), seed * 31 + 7);
        this.random = new java.util.SplittableRandom(seed * 17 + 3);
        this.maxPendingBytes = maxPendingBytes;
        this.stats = stats;
        java.util.Arrays.fill(nextSeq, seqBase);
    }

    public String deviceId() {
        return resource.deviceId();
    }

    /** Produces one export's records at {@code nowNanos} into the buffer. */
    public void produce(long nowNanos) {
        double elapsed = lastExportNanos == 0 ? profile.exportEvery().toMillis() / 1000.0
                : (nowNanos - lastExportNanos) / 1e9;
        lastExportNanos = nowNanos;
        long resetsBefore = metrics.resets();
        List<MetricPoint> points = metrics.scrape(nowNanos, elapsed);
        stats.counterResets.add(metrics.resets() - resetsBefore);
        enqueue(Signal.METRICS, points);

        traceCarry += profile.tracesPerMinute() * elapsed / 60;
        List<Span> spans = new ArrayList<>();
        for (; traceCarry >= 1; traceCarry--) {
            spans.addAll(events.trace(nowNanos - (long) (elapsed * 1e9 * random.nextDouble())));
        }
        enqueue(Signal.SPANS, spans);

        logCarry += profile.logsPerMinute() * elapsed / 60;
        List<LogRecord> logs = new ArrayList<>();
        for (; logCarry >= 1; logCarry--) {
            logs.add(events.log(nowNanos - (long) (elapsed * 1e9 * random.nextDouble())));
        }
        enqueue(Signal.LOGS, logs);
    }

    private void enqueue(Signal signal, List<? extends io.edgeobs.model.TelemetryRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        Batch batch = new Batch(resource, ++nextSeq[signal.ordinal()], signal, records, null);
        byte[] encoded = BatchCodec.encode(batch);
        pending.addLast(new Pending(batch, encoded));
        pendingBytes += encoded.length;
        stats.produced(signal, records.size());
        while (pendingBytes > maxPendingBytes && pending.size() > 1) {
            Pending oldest = pending.removeFirst();
            pendingBytes -= oldest.encoded().length;
            stats.dropped(oldest.batch().signal(), oldest.batch().size());
        }
    }

    /** Sends what waits, oldest first, until the buffer is empty or a send must be retried later. */
    public void flush(Sender sender) {
        while (!pending.isEmpty()) {
            Pending p = pending.peekFirst();
            Sender.Outcome o = sender.send(p.batch(), p.encoded());
            if (o == Sender.Outcome.RETRY) {
                stats.retries.increment();
                return;
            }
            pending.removeFirst();
            pendingBytes -= p.encoded().length;
            if (o == Sender.Outcome.DELIVERED) {
                stats.delivered(p.batch().signal(), p.batch().size());
            } else {
                stats.rejected(p.batch().signal(), p.batch().size());
            }
        }
    }

    public int pendingBatches() {
        return pending.size();
    }

    /** The last batch_seq used for a signal. */
    public long lastSeq(Signal signal) {
        return nextSeq[signal.ordinal()];
    }
}

package io.edgeobs.bench;

import io.edgeobs.bench.ForwardedRecords.Forwarded;
import io.edgeobs.model.Signal;
import org.apache.kafka.clients.producer.Callback;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** What Kafka acknowledged, counted in the producers' callbacks. */
final class ProducerAcks {
    private final Map<Signal, LongAdder> batches = new EnumMap<>(Signal.class);
    private final Map<Signal, LongAdder> records = new EnumMap<>(Signal.class);
    private final LongAdder bytes = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    ProducerAcks() {
        for (Signal s : Signal.values()) {
            batches.put(s, new LongAdder());
            records.put(s, new LongAdder());
        }
    }

    Callback callback(Forwarded f) {
        return (metadata, e) -> {
            if (e != null) {
                failed.increment();
                firstFailure.compareAndSet(null, e);
                return;
            }
            batches.get(f.signal()).increment();
            records.get(f.signal()).add(f.records());
            bytes.add(f.value().length);
        };
    }

    void throwIfFailed() {
        if (failed.sum() > 0) {
            throw new IllegalStateException("Kafka refused " + failed.sum() + " records; the first: "
                    + firstFailure.get(), firstFailure.get());
        }
    }

    Snapshot snapshot() {
        long[] b = new long[Signal.values().length];
        long[] r = new long[b.length];
        for (Signal s : Signal.values()) {
            b[s.ordinal()] = batches.get(s).sum();
            r[s.ordinal()] = records.get(s).sum();
        }
        return new Snapshot(b, r, bytes.sum());
    }

    /** Counts per signal (by ordinal) and value bytes at one moment. */
    record Snapshot(long[] batchesBySignal, long[] recordsBySignal, long bytes) {
        Snapshot minus(Snapshot o) {
            long[] b = batchesBySignal.clone();
            long[] r = recordsBySignal.clone();
            for (int i = 0; i < b.length; i++) {
                b[i] -= o.batchesBySignal[i];
                r[i] -= o.recordsBySignal[i];
            }
            return new Snapshot(b, r, bytes - o.bytes);
        }

        long batchesOf(Signal s) {
            return batchesBySignal[s.ordinal()];
        }

        long batches() {
            return Arrays.stream(batchesBySignal).sum();
        }

        long records() {
            return Arrays.stream(recordsBySignal).sum();
        }

        long points() {
            return recordsBySignal[Signal.METRICS.ordinal()];
        }

        long spans() {
            return recordsBySignal[Signal.SPANS.ordinal()];
        }

        long logs() {
            return recordsBySignal[Signal.LOGS.ordinal()];
        }
    }
}

package io.edgeobs.simulator;

import io.edgeobs.model.Signal;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the simulated fleet produced and what became of it, per signal, in records and batches. Every record ends
 * in exactly one of delivered, dropped (the device's bounded buffer overflowed while its link was down), rejected
 * (refused for good) or still pending; {@link #check()} says whether that holds.
 */
public final class Stats {

    private final Map<Signal, LongAdder[]> counters = new EnumMap<>(Signal.class);
    final LongAdder retries = new LongAdder();
    final LongAdder counterResets = new LongAdder();

    private static final int PRODUCED = 0;
    private static final int PRODUCED_BATCHES = 1;
    private static final int DELIVERED = 2;
    private static final int DELIVERED_BATCHES = 3;
    private static final int DROPPED = 4;
    private static final int REJECTED = 5;
    private static final int PENDING = 6;

    public Stats() {
        for (Signal s : Signal.values()) {
            LongAdder[] a = new LongAdder[7];
            for (int i = 0; i < a.length; i++) {
                a[i] = new LongAdder();
            }
            counters.put(s, a);
        }
    }

    void produced(Signal s, int records) {
        counters.get(s)[PRODUCED].add(records);
        counters.get(s)[PRODUCED_BATCHES].increment();
        counters.get(s)[PENDING].add(records);
    }

    void delivered(Signal s, int records) {
        counters.get(s)[DELIVERED].add(records);
        counters.get(s)[DELIVERED_BATCHES].increment();
        counters.get(s)[PENDING].add(-records);
    }

    void dropped(Signal s, int records) {
        counters.get(s)[DROPPED].add(records);
        counters.get(s)[PENDING].add(-records);
    }

    void rejected(Signal s, int records) {
        counters.get(s)[REJECTED].add(records);
        counters.get(s)[PENDING].add(-records);
    }

    public long produced(Signal s) {
        return counters.get(s)[PRODUCED].sum();
    }

    public long producedBatches(Signal s) {
        return counters.get(s)[PRODUCED_BATCHES].sum();
    }

    public long delivered(Signal s) {
        return counters.get(s)[DELIVERED].sum();
    }

    public long deliveredBatches(Signal s) {
        return counters.get(s)[DELIVERED_BATCHES].sum();
    }

    public long dropped(Signal s) {
        return counters.get(s)[DROPPED].sum();
    }

    public long rejected(Signal s) {
        return counters.get(s)[REJECTED].sum();
    }

    public long pending(Signal s) {
        return counters.get(s)[PENDING].sum();
    }

    public long retries() {
        return retries.sum();
    }

    /** Whether produced = delivered + dropped + rejected + pending holds for every signal. */
    public boolean check() {
        for (Signal s : Signal.values()) {
            if (produced(s) != delivered(s) + dropped(s) + rejected(s) + pending(s)) {
                return false;
            }
        }
        return true;
    }

    /** The report as JSON. */
    public String toJson(Map<String, Object> header) {
        StringBuilder b = new StringBuilder("{");
        header.forEach((k, v) -> b.append('"').append(k).append("\":").append(v instanceof Number || v instanceof Boolean
                ? v.toString() : "\"" + v.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"").append(','));
        b.append("\"retries\":").append(retries()).append(",\"counterResets\":").append(counterResets.sum())
                .append(",\"signals\":{");
        boolean first = true;
        for (Signal s : Signal.values()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append(String.format(Locale.ROOT, "\"%s\":{\"produced\":%d,\"producedBatches\":%d,\"delivered\":%d,"
                            + "\"deliveredBatches\":%d,\"dropped\":%d,\"rejected\":%d,\"pending\":%d}",
                    s.name().toLowerCase(Locale.ROOT), produced(s), producedBatches(s), delivered(s),
                    deliveredBatches(s), dropped(s), rejected(s), pending(s)));
        }
        return b.append("},\"consistent\":").append(check()).append('}').toString();
    }
}

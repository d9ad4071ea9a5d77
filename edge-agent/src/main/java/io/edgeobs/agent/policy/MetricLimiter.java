package io.edgeobs.agent.policy;

import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Per-series token buckets and per-name cardinality caps of one device. A series is a metric name with its tags;
 * it stays known (and counts toward the caps) until it was not seen for {@code seriesIdle}, so the limiter's
 * memory is bounded by {@code maxSeries}. Thread safe.
 */
final class MetricLimiter {

    /** Why a point was dropped. */
    enum Verdict { KEEP, RATE_LIMITED, CARDINALITY }

    /** How often idle series are swept: often enough to free room, rarely enough to cost nothing. */
    private static final long SWEEP_EVERY_NANOS = 10_000_000_000L;

    private final SamplingPolicy.Metrics limits;
    private final Map<String, Map<Tags, TokenBucket>> byName = new HashMap<>();
    private int series;
    private long lastSweep;

    MetricLimiter(SamplingPolicy.Metrics limits, long nowNanos) {
        this.limits = limits;
        this.lastSweep = nowNanos;
    }

    synchronized Verdict check(MetricPoint p, long nowNanos) {
        if (nowNanos - lastSweep > SWEEP_EVERY_NANOS) {
            sweep(nowNanos);
        }
        Map<Tags, TokenBucket> named = byName.get(p.name());
        TokenBucket bucket = named == null ? null : named.get(p.tags());
        if (bucket == null) {
            int ofName = named == null ? 0 : named.size();
            if (ofName >= limits.maxSeriesPerName() || series >= limits.maxSeries()) {
                return Verdict.CARDINALITY;
            }
            double rate = limits.samplesPerSecond() == 0 ? Double.POSITIVE_INFINITY : limits.samplesPerSecond();
            bucket = new TokenBucket(rate, Math.max(1, limits.samplesPerSecond()), nowNanos);
            byName.computeIfAbsent(p.name(), n -> new HashMap<>()).put(p.tags(), bucket);
            series++;
        }
        if (limits.samplesPerSecond() == 0) {
            bucket.lastSeenNanos = nowNanos;
            return Verdict.KEEP;
        }
        return bucket.tryTake(nowNanos) ? Verdict.KEEP : Verdict.RATE_LIMITED;
    }

    synchronized int series() {
        return series;
    }

    private void sweep(long nowNanos) {
        lastSweep = nowNanos;
        long idle = limits.seriesIdle().toNanos();
        for (Iterator<Map<Tags, TokenBucket>> names = byName.values().iterator(); names.hasNext(); ) {
            Map<Tags, TokenBucket> named = names.next();
            int before = named.size();
            named.values().removeIf(b -> nowNanos - b.lastSeenNanos > idle);
            series -= before - named.size();
            if (named.isEmpty()) {
                names.remove();
            }
        }
    }
}

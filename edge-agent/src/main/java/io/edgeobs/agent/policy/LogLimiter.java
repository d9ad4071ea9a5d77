package io.edgeobs.agent.policy;

import io.edgeobs.model.LogLevel;

import java.util.EnumMap;
import java.util.Map;

/** Per-level token buckets of one device's logs: a level without a rate is not limited. Thread safe. */
final class LogLimiter {

    private final Map<LogLevel, TokenBucket> buckets = new EnumMap<>(LogLevel.class);

    LogLimiter(SamplingPolicy.Logs limits, long nowNanos) {
        limits.perSecond().forEach((level, rate) -> buckets.put(level, new TokenBucket(rate, Math.max(1, rate), nowNanos)));
    }

    synchronized boolean allow(LogLevel level, long nowNanos) {
        TokenBucket b = buckets.get(level);
        return b == null || b.tryTake(nowNanos);
    }
}

package io.edgeobs.durablelog;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Settings of one log (one per signal).
 *
 * @param dir            the log's own directory (segments and consumer checkpoints)
 * @param segmentBytes   roll to a new segment beyond this size (default 8 MiB)
 * @param segmentMaxAge  roll to a new segment when the current one is older (default 1 hour)
 * @param budgetBytes    most bytes all segments may take (default 64 MiB)
 * @param maxAge         undelivered records older than this are expired (default 7 days)
 * @param fullPolicy     what appends do at the budget
 * @param blockTimeout   how long a blocked append waits
 * @param syncPolicy     when appends reach the disk (see {@link SyncPolicy})
 * @param syncInterval   the fsync interval of {@link SyncPolicy#INTERVAL}
 * @param retainAcknowledged how long segments every consumer acknowledged are kept for local reading (default 0:
 *                       deleted at once); they count toward the budget and are the first to go when room is needed
 */
public record DurableLogConfig(Path dir, long segmentBytes, Duration segmentMaxAge, long budgetBytes, Duration maxAge,
                               FullPolicy fullPolicy, Duration blockTimeout, SyncPolicy syncPolicy,
                               Duration syncInterval, Clock clock, Duration retainAcknowledged) {

    /** Settings without local retention of acknowledged segments. */
    public DurableLogConfig(Path dir, long segmentBytes, Duration segmentMaxAge, long budgetBytes, Duration maxAge,
                            FullPolicy fullPolicy, Duration blockTimeout, SyncPolicy syncPolicy, Duration syncInterval,
                            Clock clock) {
        this(dir, segmentBytes, segmentMaxAge, budgetBytes, maxAge, fullPolicy, blockTimeout, syncPolicy, syncInterval,
                clock, Duration.ZERO);
    }

    public DurableLogConfig {
        if (dir == null) {
            throw new IllegalArgumentException("dir must be set");
        }
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segmentBytes must be at least 1024, was " + segmentBytes);
        }
        if (budgetBytes < 2 * segmentBytes) {
            throw new IllegalArgumentException("budgetBytes (" + budgetBytes + ") must hold at least two segments of "
                    + segmentBytes + " bytes");
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive");
        }
        if (blockTimeout.isNegative()) {
            throw new IllegalArgumentException("blockTimeout must not be negative");
        }
        if (retainAcknowledged == null || retainAcknowledged.isNegative()) {
            throw new IllegalArgumentException("retainAcknowledged must be zero or positive, was " + retainAcknowledged);
        }
    }

    public static DurableLogConfig defaults(Path dir) {
        return new DurableLogConfig(dir, 8L << 20, Duration.ofHours(1), 64L << 20, Duration.ofDays(7), FullPolicy.BLOCK,
                Duration.ofSeconds(5), SyncPolicy.EVERY_BATCH, Duration.ofSeconds(1), Clock.systemUTC());
    }

    public DurableLogConfig withSegmentBytes(long bytes) {
        return new DurableLogConfig(dir, bytes, segmentMaxAge, budgetBytes, maxAge, fullPolicy, blockTimeout, syncPolicy,
                syncInterval, clock, retainAcknowledged);
    }

    public DurableLogConfig withBudget(long bytes, FullPolicy policy) {
        return new DurableLogConfig(dir, segmentBytes, segmentMaxAge, bytes, maxAge, policy, blockTimeout, syncPolicy,
                syncInterval, clock, retainAcknowledged);
    }

    public DurableLogConfig withBlockTimeout(Duration timeout) {
        return new DurableLogConfig(dir, segmentBytes, segmentMaxAge, budgetBytes, maxAge, fullPolicy, timeout, syncPolicy,
                syncInterval, clock, retainAcknowledged);
    }

    public DurableLogConfig withSync(SyncPolicy policy) {
        return new DurableLogConfig(dir, segmentBytes, segmentMaxAge, budgetBytes, maxAge, fullPolicy, blockTimeout, policy,
                syncInterval, clock, retainAcknowledged);
    }

    public DurableLogConfig withRetainAcknowledged(Duration retain) {
        return new DurableLogConfig(dir, segmentBytes, segmentMaxAge, budgetBytes, maxAge, fullPolicy, blockTimeout,
                syncPolicy, syncInterval, clock, retain);
    }

    public DurableLogConfig withMaxAge(Duration age, Clock newClock) {
        return new DurableLogConfig(dir, segmentBytes, segmentMaxAge, budgetBytes, age, fullPolicy, blockTimeout, syncPolicy,
                syncInterval, newClock, retainAcknowledged);
    }
}

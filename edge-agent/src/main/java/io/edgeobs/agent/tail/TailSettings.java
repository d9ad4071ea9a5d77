package io.edgeobs.agent.tail;

import io.edgeobs.agent.config.AgentConfig;

import java.time.Duration;
import java.util.Optional;

/** How all sources are tailed ({@code edgeobs.agent.tail.*}); checked when built, so a bad value fails the start. */
public record TailSettings(Duration pollInterval, Duration scanInterval, int maxLineSize, int maxReadPerPoll,
                           int maxBatchLines, Duration rotateWait, Optional<Duration> partialLineTimeout, int maxFiles) {

    public TailSettings {
        positive("poll-interval", pollInterval);
        positive("scan-interval", scanInterval);
        if (rotateWait == null || rotateWait.isNegative()) {
            throw new IllegalArgumentException("edgeobs.agent.tail.rotate-wait must not be negative, was " + rotateWait);
        }
        partialLineTimeout = partialLineTimeout == null ? Optional.empty() : partialLineTimeout;
        partialLineTimeout.ifPresent(t -> positive("partial-line-timeout", t));
        if (maxLineSize < 1) {
            throw new IllegalArgumentException("edgeobs.agent.tail.max-line-size must be positive, was " + maxLineSize);
        }
        if (maxReadPerPoll <= maxLineSize) {
            throw new IllegalArgumentException("edgeobs.agent.tail.max-read-per-poll (" + maxReadPerPoll
                    + ") must be larger than max-line-size (" + maxLineSize + ")");
        }
        if (maxBatchLines < 1) {
            throw new IllegalArgumentException("edgeobs.agent.tail.max-batch-lines must be positive, was " + maxBatchLines);
        }
        if (maxFiles < 1) {
            throw new IllegalArgumentException("edgeobs.agent.tail.max-files must be positive, was " + maxFiles);
        }
    }

    /** The defaults of the configuration. */
    public static TailSettings defaults() {
        return new TailSettings(Duration.ofMillis(250), Duration.ofSeconds(1), 64 * 1024, 256 * 1024, 500,
                Duration.ofSeconds(10), Optional.empty(), 100);
    }

    public static TailSettings of(AgentConfig.Tail t) {
        return new TailSettings(t.pollInterval(), t.scanInterval(), intSize("max-line-size", t.maxLineSize().asLongValue()),
                intSize("max-read-per-poll", t.maxReadPerPoll().asLongValue()), t.maxBatchLines(), t.rotateWait(),
                t.partialLineTimeout(), t.maxFiles());
    }

    public TailSettings withRotateWait(Duration wait) {
        return new TailSettings(pollInterval, scanInterval, maxLineSize, maxReadPerPoll, maxBatchLines, wait,
                partialLineTimeout, maxFiles);
    }

    public TailSettings withPartialLineTimeout(Duration timeout) {
        return new TailSettings(pollInterval, scanInterval, maxLineSize, maxReadPerPoll, maxBatchLines, rotateWait,
                Optional.of(timeout), maxFiles);
    }

    public TailSettings withLimits(int lineSize, int readPerPoll, int batchLines, int files) {
        return new TailSettings(pollInterval, scanInterval, lineSize, readPerPoll, batchLines, rotateWait,
                partialLineTimeout, files);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("edgeobs.agent.tail." + name + " must be positive, was " + d);
        }
    }

    private static int intSize(String name, long bytes) {
        if (bytes > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("edgeobs.agent.tail." + name + " must be at most 64M, was " + bytes);
        }
        return (int) bytes;
    }
}

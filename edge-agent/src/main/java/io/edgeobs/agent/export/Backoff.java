package io.edgeobs.agent.export;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter between a minimum and a maximum, reset by a success. */
final class Backoff {

    private final Duration min;
    private final Duration max;
    private Duration current;

    Backoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
        this.current = min;
    }

    /** The next wait: the server's {@code Retry-After} when it gave one (capped at the maximum), else backoff. */
    Duration next(Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return retryAfter.get().compareTo(max) > 0 ? max : retryAfter.get();
        }
        long bound = current.toMillis();
        current = current.multipliedBy(2).compareTo(max) > 0 ? max : current.multipliedBy(2);
        return Duration.ofMillis(bound / 2 + ThreadLocalRandom.current().nextLong(bound / 2 + 1));
    }

    void reset() {
        current = min;
    }
}

package io.edgeobs.agent.ingest;

import java.time.Duration;

/** The agent cannot take more right now; the source should retry after {@link #retryAfter()} (HTTP 429/503). */
public class BackpressureException extends RuntimeException {

    private final Duration retryAfter;

    public BackpressureException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

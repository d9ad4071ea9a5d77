package io.edgeobs.ingest.storage;

import io.edgeobs.ingest.config.IngestConfig;
import io.edgeobs.model.Signal;

import java.time.Duration;

/** How long each table keeps its rows. Checked when built: every period must be positive. */
public record Retention(Duration raw, Duration rollup1m, Duration rollup1h, Duration spans, Duration logs,
                        Duration ledger) {

    public static final Retention DEFAULTS = new Retention(Duration.ofDays(7), Duration.ofDays(90),
            Duration.ofDays(730), Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(14));

    public Retention {
        requirePositive(raw, "raw retention");
        requirePositive(rollup1m, "metrics_1m retention");
        requirePositive(rollup1h, "metrics_1h retention");
        requirePositive(spans, "span retention");
        requirePositive(logs, "log retention");
        requirePositive(ledger, "ledger retention");
    }

    public static Retention of(IngestConfig.Storage s) {
        return new Retention(s.rawRetention(), s.rollup1mRetention(), s.rollup1hRetention(), s.spanRetention(),
                s.logRetention(), s.ledgerRetention());
    }

    /** The retention of a signal's raw table. */
    public Duration of(Signal signal) {
        return switch (signal) {
            case METRICS -> raw;
            case SPANS -> spans;
            case LOGS -> logs;
        };
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
    }
}

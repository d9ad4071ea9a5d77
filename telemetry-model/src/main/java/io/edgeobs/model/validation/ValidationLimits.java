package io.edgeobs.model.validation;

import java.time.Duration;
import java.time.Instant;

/**
 * Limits that every record must respect. Services expose each as configuration; {@link #DEFAULTS} are the
 * documented defaults.
 *
 * @param maxTags             most tags on one record, event, link or resource (also: top-level log fields)
 * @param maxTagKeyBytes      longest tag key (and log field key), UTF-8 bytes
 * @param maxTagValueBytes    longest tag value, UTF-8 bytes
 * @param maxLogMessageBytes  longest log message (and string log field value), UTF-8 bytes
 * @param minTimestamp        earliest accepted record time
 * @param maxFutureSkew       how far past "now" a record time may be (clock skew on devices)
 */
public record ValidationLimits(int maxTags, int maxTagKeyBytes, int maxTagValueBytes, int maxLogMessageBytes,
                               Instant minTimestamp, Duration maxFutureSkew) {

    public static final ValidationLimits DEFAULTS = new ValidationLimits(128, 256, 4096, 64 * 1024,
            Instant.parse("2000-01-01T00:00:00Z"), Duration.ofDays(1));

    public ValidationLimits {
        requirePositive(maxTags, "maxTags");
        requirePositive(maxTagKeyBytes, "maxTagKeyBytes");
        requirePositive(maxTagValueBytes, "maxTagValueBytes");
        requirePositive(maxLogMessageBytes, "maxLogMessageBytes");
        if (minTimestamp == null) {
            throw new IllegalArgumentException("minTimestamp must be set");
        }
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must be zero or positive");
        }
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    long minTimestampUnixNanos() {
        return minTimestamp.getEpochSecond() * 1_000_000_000L + minTimestamp.getNano();
    }
}

package io.edgeobs.query.jaeger;

import io.edgeobs.query.testing.TestData;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Helpers of the Jaeger API tests: random ids, a time window no other test uses, events and links on spans. */
final class Spans {

    private Spans() {
    }

    static String traceId() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String spanId() {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A time in 2021 with a microsecond part, a random hour apart from other tests' (which mostly use now). */
    static Instant base() {
        return base(2021);
    }

    /** A random hour of {@code year} (an own year keeps window-wide queries such as dependencies apart). */
    static Instant base(int year) {
        return Instant.parse(year + "-01-01T00:00:00Z").plus(ThreadLocalRandom.current().nextInt(8000), ChronoUnit.HOURS)
                .plusNanos(123_456_000L);
    }

    static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    static long nanos(Instant t) {
        return ChronoUnit.NANOS.between(Instant.EPOCH, t);
    }

    static void events(TestData data, String tenant, String spanId, String eventsJson) {
        data.execute("UPDATE spans SET events = ?::jsonb WHERE tenant = ? AND span_id = ?", eventsJson, tenant,
                HexFormat.of().parseHex(spanId));
    }

    static void links(TestData data, String tenant, String spanId, String linksJson) {
        data.execute("UPDATE spans SET links = ?::jsonb WHERE tenant = ? AND span_id = ?", linksJson, tenant,
                HexFormat.of().parseHex(spanId));
    }

    static void statusMessage(TestData data, String tenant, String spanId, String message) {
        data.execute("UPDATE spans SET status_message = ? WHERE tenant = ? AND span_id = ?", message, tenant,
                HexFormat.of().parseHex(spanId));
    }
}

package io.edgeobs.query.logs;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One log record as the API returns it. {@code ts} is RFC 3339 in UTC with nine fraction digits; PostgreSQL keeps
 * microseconds, so from that backend the last three are zero. {@code traceId}/{@code spanId} are lower-case hex or
 * null; {@code fields} the record's structured fields, a JSON object.
 */
public record LogEntry(
        @Schema(description = "RFC 3339, UTC, nine fraction digits (microseconds from PostgreSQL)") String ts,
        @Schema(description = "the same instant in nanoseconds since the Unix epoch") long tsUnixNano,
        String deviceId,
        @Schema(enumeration = {"unspecified", "trace", "debug", "info", "warn", "error", "fatal"}) String level,
        String message,
        @Schema(description = "the record's structured fields, a JSON object") JsonNode fields,
        @Schema(description = "32 lower-case hex digits, or null") String traceId,
        @Schema(description = "16 lower-case hex digits, or null") String spanId) {

    private static final DateTimeFormatter RFC3339_NANOS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    static String format(Instant t) {
        return RFC3339_NANOS.format(t);
    }

    static long unixNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant ofUnixNanos(long n) {
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }
}

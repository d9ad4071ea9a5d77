package io.edgeobs.query.api;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parsing of the REST API's common parameters. Every failure is a {@link QueryException.BadParameter} that names the
 * parameter and says what was expected.
 */
public final class Params {

    private Params() {
    }

    /**
     * A point in time: RFC 3339 ({@code 2026-12-03T10:00:00Z}), Unix seconds, or Unix milliseconds (13 digits or
     * more), or relative to now ({@code now}, {@code now-15m}).
     */
    public static Instant instant(String name, String value, Instant now) {
        if (value == null || value.isBlank()) {
            throw new QueryException.BadParameter(name, "missing; give an RFC 3339 time, Unix seconds or milliseconds,"
                    + " or now-<duration>");
        }
        String v = value.trim();
        if (v.equals("now")) {
            return now;
        }
        if (v.startsWith("now-")) {
            return now.minus(duration(name, v.substring(4)));
        }
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                long n = Long.parseLong(v);
                return v.length() >= 13 ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
            } catch (NumberFormatException e) {
                throw new QueryException.BadParameter(name, "number out of range: " + v);
            }
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new QueryException.BadParameter(name, "not a time: '" + v + "'; give an RFC 3339 time such as "
                    + "2026-12-03T10:00:00Z, Unix seconds or milliseconds, or now-15m");
        }
    }

    /** An optional time, or {@code fallback} when absent. */
    public static Instant instant(String name, String value, Instant now, Instant fallback) {
        return value == null || value.isBlank() ? fallback : instant(name, value, now);
    }

    /** A duration: {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}, {@code 250ms}, or ISO 8601 ({@code PT5M}). */
    public static Duration duration(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new QueryException.BadParameter(name, "missing duration; give e.g. 30s, 5m, 1h or 7d");
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return positive(name, Duration.parse(value.trim()));
            }
            int i = 0;
            while (i < v.length() && Character.isDigit(v.charAt(i))) {
                i++;
            }
            if (i == 0 || i == v.length()) {
                throw new QueryException.BadParameter(name, "not a duration: '" + value + "'; give e.g. 30s, 5m, 1h or 7d");
            }
            long n = Long.parseLong(v.substring(0, i));
            Duration d = switch (v.substring(i)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> throw new QueryException.BadParameter(name, "unknown unit in '" + value
                        + "'; use ms, s, m, h, d or w");
            };
            return positive(name, d);
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new QueryException.BadParameter(name, "not a duration: '" + value + "'; give e.g. 30s, 5m, 1h or 7d");
        }
    }

    private static Duration positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new QueryException.BadParameter(name, "must be positive, was " + d);
        }
        return d;
    }

    /** Checks that {@code from} is before {@code to} and the range is at most {@code max}. */
    public static void range(Instant from, Instant to, Duration max) {
        if (!from.isBefore(to)) {
            throw new QueryException.BadParameter("from", "must be before to (" + from + " is not before " + to + ")");
        }
        if (Duration.between(from, to).compareTo(max) > 0) {
            throw new QueryException.BadParameter("from", "the range " + Duration.between(from, to) + " is longer than"
                    + " the most one query may cover (" + max + ", edgeobs.query.max-range); narrow it");
        }
    }

    /** A result size: absent gives {@code fallback}; must be 1 to {@code max}. */
    public static int limit(String name, Integer value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > max) {
            throw new QueryException.BadParameter(name, "must be between 1 and " + max + ", was " + value);
        }
        return value;
    }
}

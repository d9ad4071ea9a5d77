package io.edgeobs.model.convert.jsonlog;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.OptionalLong;

/**
 * Log timestamps as applications write them, to unix nanoseconds.
 * <ul>
 *   <li>RFC 3339 strings with {@code Z} or an offset, {@code T} or a space between date and time, up to nine
 *       fractional digits;</li>
 *   <li>epoch numbers (or numeric strings), whose unit is told by magnitude: below 10^11 seconds (fractions
 *       allowed), below 10^14 milliseconds, below 10^17 microseconds, otherwise nanoseconds. 10^11 s is the year
 *       5138 and 10^11 ms is 1973, so no real time of this century is ambiguous. Fractions are kept to the
 *       nanosecond (rounded half up); a number beyond the range of 64-bit nanoseconds is not a time.</li>
 * </ul>
 * Anything else (a longer text, a date without offset, a number with an absurd exponent) is not a time, and
 * the caller keeps the value as a field.
 */
final class Timestamps {

    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter();

    /** No time format this class reads is longer; longer texts are not parsed at all. */
    private static final int MAX_TEXT = 64;
    private static final BigDecimal SECONDS_BELOW = BigDecimal.valueOf(100_000_000_000L);
    private static final BigDecimal MILLIS_BELOW = BigDecimal.valueOf(100_000_000_000_000L);
    private static final BigDecimal MICROS_BELOW = BigDecimal.valueOf(100_000_000_000_000_000L);

    private Timestamps() {
    }

    static OptionalLong parse(JsonNode node) {
        if (node == null) {
            return OptionalLong.empty();
        }
        if (node.isNumber()) {
            if (node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
                return OptionalLong.empty();
            }
            return epoch(node.decimalValue());
        }
        if (node.isTextual()) {
            String s = node.textValue().strip();
            if (s.isEmpty() || s.length() > MAX_TEXT) {
                return OptionalLong.empty();
            }
            char first = s.charAt(0);
            if ((first >= '0' && first <= '9' || first == '-') && s.indexOf('-', 1) < 0 && s.indexOf(':') < 0) {
                try {
                    return epoch(new BigDecimal(s));
                } catch (NumberFormatException notANumber) {
                    return OptionalLong.empty();
                }
            }
            return rfc3339(s);
        }
        return OptionalLong.empty();
    }

    static OptionalLong rfc3339(String s) {
        // RFC 3339 allows a space for the 'T' (and 't' and 'z', which the formatter takes case-insensitively).
        String t = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
        try {
            OffsetDateTime time = OffsetDateTime.parse(t, RFC_3339);
            return OptionalLong.of(Math.addExact(Math.multiplyExact(time.toEpochSecond(), 1_000_000_000L),
                    time.getNano()));
        } catch (DateTimeException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong epoch(BigDecimal value) {
        if (value.signum() == 0) {
            return OptionalLong.of(0);
        }
        // value = d.ddd x 10^exponent. Bounding it first keeps the scaling below cheap whatever the input says:
        // 1e999999999 must not make a billion-digit number. 10^19 ns is beyond a long; 10^-10 s rounds to 0 ns.
        long exponent = (long) value.precision() - value.scale() - 1;
        if (exponent >= 19) {
            return OptionalLong.empty();
        }
        if (exponent < -10) {
            return OptionalLong.of(0);
        }
        BigDecimal abs = value.abs();
        BigDecimal nanos;
        if (abs.compareTo(SECONDS_BELOW) < 0) {
            nanos = value.movePointRight(9);
        } else if (abs.compareTo(MILLIS_BELOW) < 0) {
            nanos = value.movePointRight(6);
        } else if (abs.compareTo(MICROS_BELOW) < 0) {
            nanos = value.movePointRight(3);
        } else {
            nanos = value;
        }
        try {
            return OptionalLong.of(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException tooLarge) {
            return OptionalLong.empty();
        }
    }
}

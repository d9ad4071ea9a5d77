package io.edgeobs.model.convert.jsonlog;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
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
 *       allowed), below 10^14 milliseconds, below 10^17 microseconds, otherwise nanoseconds.</li>
 * </ul>
 */
final class Timestamps {

    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter();

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
            return epoch(node.decimalValue());
        }
        if (node.isTextual()) {
            String s = node.textValue().strip();
            if (!s.isEmpty() && (Character.isDigit(s.charAt(0)) || s.charAt(0) == '-') && s.indexOf('-', 1) < 0
                    && s.indexOf(':') < 0) {
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
        try {
            OffsetDateTime t = OffsetDateTime.parse(s, RFC_3339);
            return OptionalLong.of(Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000_000L), t.getNano()));
        } catch (DateTimeException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong epoch(BigDecimal value) {
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
            return OptionalLong.of(nanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException tooLarge) {
            return OptionalLong.empty();
        }
    }
}

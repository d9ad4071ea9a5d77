package io.edgeobs.model.convert.prometheus;

/** Sample values and timestamps as the exposition formats write them, parsed strictly and without garbage. */
final class Numbers {

    private static final long MAX_NANOS_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

    private Numbers() {
    }

    /**
     * A float as the exposition formats write it (Go's {@code ParseFloat} syntax): decimal or exponent notation,
     * and the special values {@code NaN}, {@code Inf}, {@code Infinity} with an optional sign on the infinities,
     * in any letter case ({@code +Inf}, {@code -Inf}, {@code nan}). Hexadecimal floats are not accepted.
     */
    static double parseValue(String s, int start, int end) {
        int len = end - start;
        if (len <= 0) {
            throw new NumberFormatException("empty value");
        }
        // Fast path: an optionally negative integer of up to 15 digits is exact as a double.
        boolean negative = s.charAt(start) == '-';
        int i = negative ? start + 1 : start;
        if (i < end && end - i <= 15) {
            long v = 0;
            int j = i;
            while (j < end) {
                char c = s.charAt(j);
                if (c < '0' || c > '9') {
                    break;
                }
                v = v * 10 + (c - '0');
                j++;
            }
            if (j == end) {
                return negative ? -(double) v : (double) v;
            }
        }
        if (end - start == 3 && s.regionMatches(true, start, "nan", 0, 3)) {
            return Double.NaN;
        }
        double infinity = infinity(s, start, end);
        if (infinity != 0) {
            return infinity;
        }
        // Java's parser also takes "1d" and "0x1p3": allow only digits, '.', an exponent and signs.
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
                throw notANumber(s, start, end);
            }
        }
        try {
            return Double.parseDouble(s.substring(start, end));
        } catch (NumberFormatException e) {
            throw notANumber(s, start, end);
        }
    }

    /** Plus or minus infinity for {@code Inf}, {@code -Infinity} and the like; 0 for anything else. */
    private static double infinity(String s, int start, int end) {
        char sign = s.charAt(start);
        int i = sign == '+' || sign == '-' ? start + 1 : start;
        int n = end - i;
        if ((n == 3 || n == 8) && s.regionMatches(true, i, "infinity", 0, n)) {
            return sign == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return 0;
    }

    private static NumberFormatException notANumber(String s, int start, int end) {
        return new NumberFormatException("'" + s.substring(start, end) + "' is not a number");
    }

    /** A 0.0.4 timestamp: integer milliseconds since the epoch, to nanoseconds. */
    static long parseMillisTimestamp(String s, int start, int end) {
        long ms = parseLong(s, start, end);
        return Math.multiplyExact(ms, 1_000_000L);
    }

    /**
     * An OpenMetrics timestamp: seconds since the epoch with an optional fraction ({@code 1764000000.5},
     * {@code .5}, {@code -1.25}), exactly to nanoseconds (digits beyond the ninth are cut); exponent notation is
     * read as a double.
     */
    static long parseSecondsTimestamp(String s, int start, int end) {
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (c == 'e' || c == 'E') {
                double seconds = parseValue(s, start, end);
                if (Double.isNaN(seconds) || Math.abs(seconds) > MAX_NANOS_SECONDS) {
                    throw new NumberFormatException("timestamp '" + s.substring(start, end) + "' is out of range");
                }
                return Math.round(seconds * 1e9);
            }
        }
        boolean negative = start < end && s.charAt(start) == '-';
        int i = negative || (start < end && s.charAt(start) == '+') ? start + 1 : start;
        int wholeStart = i;
        while (i < end && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        int wholeEnd = i;
        long fraction = 0;
        int fractionDigits = 0;
        if (i < end && s.charAt(i) == '.') {
            for (i++; i < end && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
                if (fractionDigits < 9) {
                    fraction = fraction * 10 + (s.charAt(i) - '0');
                }
                fractionDigits++;
            }
        }
        if (i != end || (wholeEnd == wholeStart && fractionDigits == 0)) {
            throw new NumberFormatException("'" + s.substring(start, end) + "' is not a timestamp");
        }
        for (int d = fractionDigits; d < 9; d++) {
            fraction *= 10;
        }
        long whole = wholeEnd == wholeStart ? 0 : parseLong(s, wholeStart, wholeEnd);
        long nanos = Math.addExact(Math.multiplyExact(whole, 1_000_000_000L), fraction);
        return negative ? -nanos : nanos;
    }

    private static long parseLong(String s, int start, int end) {
        boolean negative = start < end && s.charAt(start) == '-';
        int i = negative || (start < end && s.charAt(start) == '+') ? start + 1 : start;
        if (i >= end || end - i > 18) {
            throw new NumberFormatException("'" + s.substring(start, end) + "' is not an integer timestamp");
        }
        long v = 0;
        for (; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("'" + s.substring(start, end) + "' is not an integer timestamp");
            }
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }
}

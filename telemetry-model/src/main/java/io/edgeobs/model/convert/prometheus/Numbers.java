package io.edgeobs.model.convert.prometheus;

/** Sample values and timestamps as the exposition formats write them, parsed strictly and without garbage. */
final class Numbers {

    private static final long MAX_NANOS_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

    private Numbers() {
    }

    /** A float as Go's ParseFloat reads it in these formats, plus NaN/+Inf/-Inf/Inf. */
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
        char first = s.charAt(start);
        if (first == 'N' || first == 'n' || first == '+' || first == 'I' || first == 'i' || (negative && len > 1
                && (s.charAt(start + 1) == 'I' || s.charAt(start + 1) == 'i'))) {
            String word = s.substring(start, end);
            switch (word) {
                case "NaN", "nan", "NAN" -> {
                    return Double.NaN;
                }
                case "+Inf", "Inf", "+inf", "inf", "+INF", "INF" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Inf", "-inf", "-INF" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                    if (first != '+') {
                        throw new NumberFormatException("'" + word + "' is not a number");
                    }
                }
            }
        }
        // Java's parser also takes "1d", "0x1p3" and "Infinity": allow only what the formats allow.
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
                throw new NumberFormatException("'" + s.substring(start, end) + "' is not a number");
            }
        }
        return Double.parseDouble(s.substring(start, end));
    }

    /** A 0.0.4 timestamp: integer milliseconds since the epoch, to nanoseconds. */
    static long parseMillisTimestamp(String s, int start, int end) {
        long ms = parseLong(s, start, end);
        return Math.multiplyExact(ms, 1_000_000L);
    }

    /** An OpenMetrics timestamp: seconds since the epoch with an optional fraction, exactly to nanoseconds. */
    static long parseSecondsTimestamp(String s, int start, int end) {
        int dot = -1;
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (c == '.') {
                dot = k;
            } else if (c == 'e' || c == 'E') {
                double seconds = parseValue(s, start, end);
                if (Double.isNaN(seconds) || Math.abs(seconds) > MAX_NANOS_SECONDS) {
                    throw new NumberFormatException("timestamp '" + s.substring(start, end) + "' is out of range");
                }
                return Math.round(seconds * 1e9);
            }
        }
        if (dot < 0) {
            return Math.multiplyExact(parseLong(s, start, end), 1_000_000_000L);
        }
        long whole = dot == start ? 0 : parseLong(s, start, dot);
        long fraction = 0;
        int digits = 0;
        for (int k = dot + 1; k < end; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("'" + s.substring(start, end) + "' is not a timestamp");
            }
            if (digits < 9) {
                fraction = fraction * 10 + (c - '0');
                digits++;
            }
        }
        for (; digits < 9; digits++) {
            fraction *= 10;
        }
        boolean negative = s.charAt(start) == '-';
        return Math.addExact(Math.multiplyExact(whole, 1_000_000_000L), negative ? -fraction : fraction);
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

package io.edgeobs.query.jaeger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parsing of the Jaeger query API's parameters (pure functions, no I/O). Every failure is an
 * {@link IllegalArgumentException} whose message names the parameter, so the resource can turn it into a 400
 * problem detail.
 */
public final class JaegerParams {

    /** Timestamps below this are taken as milliseconds (year 2286 in ms is 1e13; 1e13 µs is April 1970). */
    static final long MILLIS_CEILING = 10_000_000_000_000L;

    private JaegerParams() {
    }

    /**
     * Parses a Go duration ({@code 1.5s}, {@code 300ms}, {@code 2h45m}, {@code 10us}) into nanoseconds.
     */
    public static long goDurationNanos(String param, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(param + ": empty duration");
        }
        String s = text.trim();
        if (s.equals("0")) {
            return 0;
        }
        double total = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException(param + ": not a Go duration: " + text);
            }
            double value;
            try {
                value = Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(param + ": not a Go duration: " + text);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            total += value * unitNanos(param, text, s.substring(unitStart, i));
        }
        if (total > Long.MAX_VALUE) {
            throw new IllegalArgumentException(param + ": duration too large: " + text);
        }
        return (long) total;
    }

    private static double unitNanos(String param, String text, String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs", "μs" -> 1_000;
            case "ms" -> 1_000_000;
            case "s" -> 1_000_000_000d;
            case "m" -> 60_000_000_000d;
            case "h" -> 3_600_000_000_000d;
            default -> throw new IllegalArgumentException(param + ": missing or unknown unit '" + unit
                    + "' in Go duration " + text + " (use ns, us, ms, s, m, h)");
        };
    }

    /** A timestamp in microseconds (Jaeger's default); values that look like milliseconds are scaled up. */
    public static long epochMicros(String param, String text) {
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(param + ": not an integer timestamp: " + text);
        }
        if (v < 0) {
            throw new IllegalArgumentException(param + ": negative timestamp: " + text);
        }
        return v < MILLIS_CEILING ? v * 1000 : v;
    }

    /**
     * A trace id as lowercase hex, left-padded to 32 digits (Jaeger accepts short ids, e.g. 64-bit ones).
     */
    public static String traceId(String param, String text) {
        if (text == null || text.isEmpty() || text.length() > 32) {
            throw new IllegalArgumentException(param + ": trace id must be 1 to 32 hex digits: " + text);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                throw new IllegalArgumentException(param + ": trace id is not hex: " + text);
            }
        }
        return "0".repeat(32 - lower.length()) + lower;
    }

    /** {@code tag=k:v} values (repeatable); the first ':' separates key and value. */
    public static Map<String, String> tags(List<String> tagParams) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tagParams == null) {
            return out;
        }
        for (String t : tagParams) {
            int colon = t.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("tag: expected key:value, got " + t);
            }
            out.put(t.substring(0, colon), t.substring(colon + 1));
        }
        return out;
    }

    /** A limit with a default when absent and a hard cap. */
    public static int limit(String param, String text, int dflt, int max) {
        if (text == null || text.isBlank()) {
            return dflt;
        }
        int v;
        try {
            v = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(param + ": not an integer: " + text);
        }
        if (v < 1 || v > max) {
            throw new IllegalArgumentException(param + ": must be between 1 and " + max + ", got " + v);
        }
        return v;
    }
}

package io.edgeobs.model.convert.prometheus;

import io.edgeobs.model.MetricPoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 into metric points.
 *
 * <p>Every valid sample line becomes exactly one {@link MetricPoint}; its name is the sample name as written,
 * its kind comes from the family's {@code # TYPE}, its unit from {@code # UNIT}. A malformed line is reported with
 * its line number and what is wrong, and parsing goes on: one bad line never loses the rest of a scrape.
 */
public final class PrometheusParser {

    private PrometheusParser() {
    }

    public static ParseResult parse(byte[] utf8, PrometheusFormat format, long defaultTimestampUnixNanos) {
        return parse(new String(utf8, StandardCharsets.UTF_8), format, defaultTimestampUnixNanos);
    }

    /**
     * @param defaultTimestampUnixNanos the time of samples without their own timestamp (the scrape time)
     */
    public static ParseResult parse(String text, PrometheusFormat format, long defaultTimestampUnixNanos) {
        FamilyResolver resolver = new FamilyResolver();
        SampleLineParser samples = new SampleLineParser(resolver, format, defaultTimestampUnixNanos);
        boolean openMetrics = format == PrometheusFormat.OPENMETRICS_1_0;
        List<MetricPoint> points = new ArrayList<>(Math.max(16, text.length() / 64));
        List<ParseError> errors = new ArrayList<>();
        int eofLine = 0;
        int lineNumber = 0;
        int start = 0;
        int length = text.length();
        while (start < length) {
            int newline = text.indexOf('\n', start);
            int next = newline < 0 ? length : newline + 1;
            int end = newline < 0 ? length : newline;
            if (end > start && text.charAt(end - 1) == '\r') {
                end--;
            }
            lineNumber++;
            int first = firstNonBlank(text, start, end);
            if (first < end) {
                if (eofLine > 0) {
                    errors.add(ParseError.of(lineNumber, text, start, end, "content after '# EOF' (line " + eofLine + ")"));
                } else if (text.charAt(first) == '#') {
                    String error = Metadata.apply(text, first, end, openMetrics, resolver);
                    if (error == Metadata.EOF) {
                        eofLine = openMetrics ? lineNumber : 0;
                    } else if (error != null) {
                        errors.add(ParseError.of(lineNumber, text, start, end, error));
                    }
                } else {
                    try {
                        points.add(samples.parse(text, first, end));
                    } catch (SampleLineParser.LineException e) {
                        errors.add(ParseError.of(lineNumber, text, start, end, e.getMessage()));
                    }
                }
            }
            start = next;
        }
        if (openMetrics && eofLine == 0) {
            errors.add(new ParseError(lineNumber + 1, "", "OpenMetrics text must end with '# EOF'; "
                    + "the scrape may be truncated"));
        }
        return new ParseResult(points, errors, resolver.families());
    }

    private static int firstNonBlank(String text, int start, int end) {
        int i = start;
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** {@code # HELP}, {@code # TYPE}, {@code # UNIT} and {@code # EOF}; other comments are ignored. */
    static final class Metadata {

        static final String EOF = "EOF";

        private Metadata() {
        }

        /** Applies a comment line; returns null, {@link #EOF}, or an error message. */
        static String apply(String text, int start, int end, boolean openMetrics, FamilyResolver resolver) {
            String[] parts = text.substring(start + 1, end).trim().split("[ \t]+", 3);
            String keyword = parts[0];
            if (keyword.equals("EOF") && parts.length == 1) {
                return EOF;
            }
            if (!keyword.equals("HELP") && !keyword.equals("TYPE") && !keyword.equals("UNIT")) {
                return null;
            }
            if (parts.length < 2) {
                return "# " + keyword + " needs a metric name";
            }
            MetricFamily family = resolver.family(parts[1]);
            String rest = parts.length > 2 ? parts[2] : "";
            switch (keyword) {
                case "HELP" -> resolver.update(family.withHelp(unescapeHelp(rest, openMetrics)));
                case "UNIT" -> resolver.update(family.withUnit(rest));
                default -> {
                    MetricFamily.Type type = type(rest);
                    if (type == null) {
                        return "unknown metric type '" + rest + "' in # TYPE";
                    }
                    resolver.update(family.withType(type));
                }
            }
            return null;
        }

        private static MetricFamily.Type type(String word) {
            return switch (word.toLowerCase(Locale.ROOT)) {
                case "counter" -> MetricFamily.Type.COUNTER;
                case "gauge" -> MetricFamily.Type.GAUGE;
                case "histogram" -> MetricFamily.Type.HISTOGRAM;
                case "gaugehistogram" -> MetricFamily.Type.GAUGEHISTOGRAM;
                case "summary" -> MetricFamily.Type.SUMMARY;
                case "info" -> MetricFamily.Type.INFO;
                case "stateset" -> MetricFamily.Type.STATESET;
                case "untyped", "unknown" -> MetricFamily.Type.UNKNOWN;
                default -> null;
            };
        }

        private static String unescapeHelp(String s, boolean openMetrics) {
            if (s.indexOf('\\') < 0) {
                return s;
            }
            StringBuilder sb = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    char e = s.charAt(i + 1);
                    if (e == '\\' || e == 'n' || (openMetrics && e == '"')) {
                        sb.append(e == 'n' ? '\n' : e);
                        i++;
                        continue;
                    }
                }
                sb.append(c);
            }
            return sb.toString();
        }
    }
}

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
 *
 * <p>OpenMetrics {@code _created} samples (the start time of a counter, histogram or summary) are kept as
 * {@code GAUGE} points of their own, named as written, the way Prometheus stores them; nothing is skipped, so
 * the points and the errors always account for every sample line.
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
                    if (openMetrics && Metadata.isEof(text, first, end)) {
                        eofLine = lineNumber;
                    } else {
                        String error = Metadata.apply(text, first, end, openMetrics, resolver);
                        samples.metadataChanged();
                        if (error != null) {
                            errors.add(ParseError.of(lineNumber, text, start, end, error));
                        }
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

        private Metadata() {
        }

        /** Applies a comment line; returns null, {@link #EOF}, or an error message. */
        static String apply(String text, int start, int end, boolean openMetrics, FamilyResolver resolver) {
            int kwStart = skipBlanks(text, start + 1, end);
            int kwEnd = token(text, kwStart, end);
            if (kwEnd - kwStart != 4) {
                return null;
            }
            boolean help = text.startsWith("HELP", kwStart);
            boolean type = text.startsWith("TYPE", kwStart);
            boolean unit = text.startsWith("UNIT", kwStart);
            if (!help && !type && !unit) {
                return null;
            }
            int nameStart = skipBlanks(text, kwEnd, end);
            int nameEnd = token(text, nameStart, end);
            if (nameEnd == nameStart) {
                return "# " + text.substring(kwStart, kwEnd) + " needs a metric name";
            }
            MetricFamily family = resolver.family(text.substring(nameStart, nameEnd));
            int restStart = skipBlanks(text, nameEnd, end);
            int restEnd = end;
            while (restEnd > restStart && (text.charAt(restEnd - 1) == ' ' || text.charAt(restEnd - 1) == '\t')) {
                restEnd--;
            }
            String rest = text.substring(restStart, restEnd);
            if (help) {
                resolver.update(family.withHelp(unescapeHelp(rest, openMetrics)));
            } else if (unit) {
                resolver.update(family.withUnit(rest));
            } else {
                MetricFamily.Type parsed = type(rest);
                if (parsed == null) {
                    return "unknown metric type '" + rest + "' in # TYPE";
                }
                resolver.update(family.withType(parsed));
            }
            return null;
        }

        /** True for a line that is exactly {@code # EOF} (blanks allowed around it). */
        static boolean isEof(String text, int start, int end) {
            int kwStart = skipBlanks(text, start + 1, end);
            int kwEnd = token(text, kwStart, end);
            return kwEnd - kwStart == 3 && text.startsWith("EOF", kwStart) && skipBlanks(text, kwEnd, end) == end;
        }

        private static int skipBlanks(String text, int i, int end) {
            while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            return i;
        }

        private static int token(String text, int i, int end) {
            while (i < end && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                i++;
            }
            return i;
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

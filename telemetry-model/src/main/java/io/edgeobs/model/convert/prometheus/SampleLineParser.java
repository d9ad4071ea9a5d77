package io.edgeobs.model.convert.prometheus;

import io.edgeobs.model.Id;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;

/**
 * Reads one sample line: {@code name{label="value",...} value [timestamp] [# {exemplar labels} value [timestamp]]}.
 * A single pass over the characters; the metric name and label names of the previous line are reused when they
 * repeat (they usually do), so a typical line allocates only its label values and the point.
 */
final class SampleLineParser {

    /** Thrown for a malformed line; the parser turns it into a {@link ParseError}. */
    static final class LineException extends Exception {
        LineException(String message) {
            super(message, null, false, false);
        }
    }

    private static final int MAX_LABELS = 256;
    /** OpenMetrics caps an exemplar's labels at 128 characters, so a few pairs are all a valid one can have. */
    private static final int MAX_EXEMPLAR_LABELS = 16;

    private final FamilyResolver resolver;
    private final boolean openMetrics;
    private final long defaultTimestamp;
    private final String[] kv = new String[2 * MAX_LABELS];
    private final String[] previousKeys = new String[MAX_LABELS];
    private String previousName = "";
    private FamilyResolver.Resolved previousResolved;

    private String text;
    private int pos;
    private int end;

    SampleLineParser(FamilyResolver resolver, PrometheusFormat format, long defaultTimestamp) {
        this.resolver = resolver;
        this.openMetrics = format == PrometheusFormat.OPENMETRICS_1_0;
        this.defaultTimestamp = defaultTimestamp;
    }

    /** Forgets the previous sample's family answer: metadata may have changed it. */
    void metadataChanged() {
        previousName = "";
        previousResolved = null;
    }

    /** Parses {@code text[start, end)}, a line without its newline. */
    MetricPoint parse(String text, int start, int end) throws LineException {
        this.text = text;
        this.pos = start;
        this.end = end;
        String name = metricName();
        FamilyResolver.Resolved resolved = name == previousName ? previousResolved : resolver.resolve(name);
        previousName = name;
        previousResolved = resolved;
        boolean blank = skipBlanks();
        int labels = 0;
        if (pos < end && text.charAt(pos) == '{') {
            pos++;
            labels = labels(kv, MAX_LABELS, true);
            blank = skipBlanks();
        }
        Tags tags;
        try {
            tags = Tags.ofPairs(kv, labels);
        } catch (IllegalArgumentException repeated) {
            // Tags says "tag 'x' is given twice"; this is about labels, and 'x' may itself contain "tag".
            String message = repeated.getMessage();
            throw new LineException(message.startsWith("tag ") ? "label " + message.substring(4) : message);
        }
        if (!blank) {
            throw new LineException(pos >= end ? "no value after the metric name and labels"
                    : "expected a space before the value, found '" + text.charAt(pos) + "'");
        }
        double value = value();
        long timestamp = defaultTimestamp;
        Id exemplar = Id.EMPTY;
        skipBlanks();
        if (pos < end && text.charAt(pos) != '#') {
            timestamp = timestamp();
            skipBlanks();
        }
        if (pos < end) {
            if (text.charAt(pos) != '#' || !openMetrics) {
                throw new LineException("unexpected text after the value: '" + text.substring(pos, end) + "'");
            }
            exemplar = exemplar();
        }
        return new MetricPoint(name, value, resolved.unit(), timestamp, tags, resolved.kind(), exemplar);
    }

    private String metricName() throws LineException {
        int start = pos;
        while (pos < end && isNameChar(text.charAt(pos), pos == start, true)) {
            pos++;
        }
        if (pos == start) {
            throw new LineException("expected a metric name, found '" + text.charAt(start) + "'");
        }
        int len = pos - start;
        if (previousName.length() == len && text.regionMatches(start, previousName, 0, len)) {
            return previousName;
        }
        return text.substring(start, pos);
    }

    /** Reads labels after '{' into {@code into} as key/value pairs, up to and including '}'. */
    private int labels(String[] into, int max, boolean reuseKeys) throws LineException {
        int count = 0;
        while (true) {
            skipBlanks();
            if (pos >= end) {
                throw new LineException("labels are not closed with '}'");
            }
            if (text.charAt(pos) == '}') {
                pos++;
                return count;
            }
            if (count == max) {
                throw new LineException("more than " + max + " labels");
            }
            into[2 * count] = labelName(reuseKeys ? count : -1);
            skipBlanks();
            expect('=', "expected '=' after label name '" + into[2 * count] + "'");
            skipBlanks();
            expect('"', "expected '\"' to open the value of label '" + into[2 * count] + "'");
            into[2 * count + 1] = quoted(into[2 * count]);
            count++;
            skipBlanks();
            if (pos < end && text.charAt(pos) == ',') {
                pos++;
            } else if (pos >= end || text.charAt(pos) != '}') {
                throw new LineException("expected ',' or '}' after the value of label '" + into[2 * count - 2] + "'");
            }
        }
    }

    private String labelName(int slot) throws LineException {
        int start = pos;
        while (pos < end && isNameChar(text.charAt(pos), pos == start, false)) {
            pos++;
        }
        if (pos == start) {
            throw new LineException("expected a label name, found '" + (pos < end ? text.charAt(pos) : ' ') + "'");
        }
        int len = pos - start;
        if (slot >= 0) {
            String prev = previousKeys[slot];
            if (prev != null && prev.length() == len && text.regionMatches(start, prev, 0, len)) {
                return prev;
            }
            return previousKeys[slot] = text.substring(start, pos);
        }
        return text.substring(start, pos);
    }

    /** A label value after its opening quote, with {@code \\}, {@code \"} and {@code \n} unescaped. */
    private String quoted(String label) throws LineException {
        int start = pos;
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == '"') {
                return text.substring(start, pos++);
            }
            if (c == '\\') {
                return quotedWithEscapes(start, label);
            }
            pos++;
        }
        throw new LineException("the value of label '" + label + "' is not closed with '\"'");
    }

    private String quotedWithEscapes(int start, String label) throws LineException {
        StringBuilder sb = new StringBuilder(pos - start + 16).append(text, start, pos);
        while (pos < end) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (pos >= end) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '\\' -> sb.append('\\');
                    case '"' -> sb.append('"');
                    case 'n' -> sb.append('\n');
                    default -> throw new LineException("invalid escape '\\" + e + "' in the value of label '" + label
                            + "' (only \\\\, \\\" and \\n are allowed)");
                }
            } else {
                sb.append(c);
            }
        }
        throw new LineException("the value of label '" + label + "' is not closed with '\"'");
    }

    private double value() throws LineException {
        int start = pos;
        skipToken();
        try {
            return Numbers.parseValue(text, start, pos);
        } catch (NumberFormatException e) {
            throw new LineException("invalid value: " + e.getMessage());
        }
    }

    private long timestamp() throws LineException {
        int start = pos;
        skipToken();
        try {
            return openMetrics ? Numbers.parseSecondsTimestamp(text, start, pos)
                    : Numbers.parseMillisTimestamp(text, start, pos);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new LineException("invalid timestamp '" + text.substring(start, pos) + "' ("
                    + (openMetrics ? "seconds" : "milliseconds") + " since the epoch expected)");
        }
    }

    /** {@code # {labels} value [timestamp]}; returns the trace id if a label holds one. */
    private Id exemplar() throws LineException {
        pos++; // '#'
        skipBlanks();
        expect('{', "expected '{' to open the exemplar's labels");
        String[] exemplarKv = new String[2 * MAX_EXEMPLAR_LABELS];
        int n = labels(exemplarKv, MAX_EXEMPLAR_LABELS, false);
        if (!skipBlanks()) {
            throw new LineException("the exemplar has no value");
        }
        int valueStart = pos;
        skipToken();
        try {
            Numbers.parseValue(text, valueStart, pos);
            skipBlanks();
            if (pos < end) {
                int tsStart = pos;
                skipToken();
                Numbers.parseSecondsTimestamp(text, tsStart, pos);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new LineException("invalid exemplar: " + e.getMessage());
        }
        for (int i = 0; i < n; i++) {
            String key = exemplarKv[2 * i];
            String v = exemplarKv[2 * i + 1];
            if ((key.equals("trace_id") || key.equals("traceID") || key.equals("traceId")) && v.length() == 32) {
                try {
                    return Id.fromHex(v);
                } catch (IllegalArgumentException notHex) {
                    return Id.EMPTY;
                }
            }
        }
        return Id.EMPTY;
    }

    private void expect(char c, String message) throws LineException {
        if (pos >= end || text.charAt(pos) != c) {
            throw new LineException(message);
        }
        pos++;
    }

    private boolean skipBlanks() {
        int start = pos;
        while (pos < end && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
        return pos > start;
    }

    private void skipToken() {
        while (pos < end && text.charAt(pos) != ' ' && text.charAt(pos) != '\t') {
            pos++;
        }
    }

    private static boolean isNameChar(char c, boolean first, boolean colonAllowed) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colonAllowed && c == ':')
                || (!first && c >= '0' && c <= '9');
    }
}

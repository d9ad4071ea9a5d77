package io.edgeobs.query.alerts;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * A validated alert rule of one tenant, as the evaluator uses it. {@code threshold} is compared with the value of
 * each subject by {@code operator}: minutes since last seen ({@code device_silent}), buffer use in percent
 * ({@code buffer_above}), records dropped per minute ({@code drops_above}) or the aggregated metric
 * ({@code metric_threshold}).
 */
public record AlertRule(
        String id,
        String tenant,
        Source source,
        String name,
        Kind kind,
        Severity severity,
        Duration forDuration,
        String fleet,
        Map<String, String> labels,
        URI webhook,
        double threshold,
        Operator operator,
        Duration window,
        String metric,
        Map<String, String> tags,
        Aggregation aggregation,
        Per per,
        RuleSpec spec) {

    /** Where a rule comes from; file rules change only through the file. */
    public enum Source { API, FILE }

    /** What a rule watches; each kind reads its subjects' values its own way (see {@link SubjectValues}). */
    public enum Kind { DEVICE_SILENT, BUFFER_ABOVE, DROPS_ABOVE, METRIC_THRESHOLD }

    /** How urgent a rule's alerts are, for the receivers of its notifications. */
    public enum Severity { INFO, WARNING, CRITICAL }

    /** How metric_threshold reduces the points of the window to one value. */
    public enum Aggregation { AVG, MIN, MAX, SUM, LAST }

    /** Whether metric_threshold alerts per series or per device (all matching series of a device together). */
    public enum Per { SERIES, DEVICE }

    /** The comparison of value and threshold that makes the condition true. */
    public enum Operator {
        GT(">"), GE(">="), LT("<"), LE("<=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean test(double value, double threshold) {
            return switch (this) {
                case GT -> value > threshold;
                case GE -> value >= threshold;
                case LT -> value < threshold;
                case LE -> value <= threshold;
            };
        }

        static Operator parse(String s) {
            for (Operator o : values()) {
                if (o.symbol.equals(s)) {
                    return o;
                }
            }
            return null;
        }
    }

    /** The lower-case name used in JSON, YAML and the database. */
    public static String wire(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Whether the condition holds for a subject's value. */
    boolean breaches(double value) {
        return !Double.isNaN(value) && operator.test(value, threshold);
    }

    AlertRule withIdentity(String newId, String newTenant, Source newSource) {
        return new AlertRule(newId, newTenant, newSource, name, kind, severity, forDuration, fleet, labels, webhook,
                threshold, operator, window, metric, tags, aggregation, per, spec);
    }

    /** Timestamps of the stored rule, for the API. */
    public record Stored(AlertRule rule, Instant createdAt, Instant updatedAt, Instant lastEvaluatedAt,
                         String lastError) {
    }
}

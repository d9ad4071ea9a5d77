package io.edgeobs.query.alerts;

import io.edgeobs.query.alerts.AlertRule.Aggregation;
import io.edgeobs.query.alerts.AlertRule.Kind;
import io.edgeobs.query.alerts.AlertRule.Operator;
import io.edgeobs.query.alerts.AlertRule.Per;
import io.edgeobs.query.alerts.AlertRule.Severity;
import io.edgeobs.query.api.Params;
import io.edgeobs.query.api.QueryException.BadParameter;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a {@link RuleSpec} and makes it an {@link AlertRule} with defaults filled in; every refusal is a
 * {@link BadParameter} naming the field (with a prefix such as {@code rules[2].} for the rules file).
 */
final class RuleValidator {

    static final Duration MAX_DURATION = Duration.ofDays(1);
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    private static final int MAX_LABELS = 20;

    private RuleValidator() {
    }

    static AlertRule validate(RuleSpec s, String prefix) {
        if (s == null) {
            throw new BadParameter(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "missing; give a rule with at least name, kind and threshold");
        }
        String name = text(prefix + "name", s.name(), 100, true);
        Kind kind = choice(prefix + "kind", s.kind(), Kind.class, null);
        Severity severity = choice(prefix + "severity", s.severity(), Severity.class, Severity.WARNING);
        Duration forDuration = s.forDuration() == null ? Duration.ZERO : duration(prefix + "for", s.forDuration());
        String fleet = text(prefix + "fleet", s.fleet(), 100, false);
        Map<String, String> labels = map(prefix + "labels", s.labels());
        URI webhook = webhook(prefix + "webhook", s.webhook());
        if (s.threshold() == null || !Double.isFinite(s.threshold())) {
            throw new BadParameter(prefix + "threshold", "missing or not a finite number; give the value that "
                    + "makes the rule fire (" + thresholdMeaning(kind) + ")");
        }
        double threshold = s.threshold();
        boolean metric = kind == Kind.METRIC_THRESHOLD;
        Operator operator = Operator.GT;
        if (s.operator() != null) {
            operator = Operator.parse(s.operator().trim());
            if (operator == null) {
                throw new BadParameter(prefix + "operator", "unknown operator '" + s.operator() + "'; use >, >=, < or <=");
            }
            if (!metric && operator != Operator.GT) {
                throw new BadParameter(prefix + "operator", kind(kind) + " always compares with >; only "
                        + "metric_threshold takes an operator");
            }
        }
        if (kind == Kind.DEVICE_SILENT && threshold <= 0) {
            throw new BadParameter(prefix + "threshold", "minutes without contact must be positive, was " + threshold);
        }
        if ((kind == Kind.BUFFER_ABOVE || kind == Kind.DROPS_ABOVE) && threshold < 0) {
            throw new BadParameter(prefix + "threshold", "must not be negative, was " + threshold);
        }
        Duration window = null;
        if (metric || kind == Kind.DROPS_ABOVE) {
            window = s.window() == null ? DEFAULT_WINDOW : duration(prefix + "window", s.window());
        } else {
            absent(prefix + "window", s.window(), kind);
        }
        String metricName = null;
        Map<String, String> tags = Map.of();
        Aggregation aggregation = null;
        Per per = null;
        if (metric) {
            metricName = text(prefix + "metric", s.metric(), 200, true);
            tags = map(prefix + "tags", s.tags());
            aggregation = choice(prefix + "aggregation", s.aggregation(), Aggregation.class, Aggregation.AVG);
            per = choice(prefix + "per", s.per(), Per.class, Per.SERIES);
        } else {
            absent(prefix + "metric", s.metric(), kind);
            absent(prefix + "tags", s.tags(), kind);
            absent(prefix + "aggregation", s.aggregation(), kind);
            absent(prefix + "per", s.per(), kind);
        }
        RuleSpec normal = new RuleSpec(null, name, kind(kind), AlertRule.wire(severity),
                forDuration.isZero() ? null : format(forDuration), fleet, labels.isEmpty() ? null : labels,
                webhook == null ? null : webhook.toString(), threshold, operator.symbol(),
                window == null ? null : format(window), metricName, metric && !tags.isEmpty() ? tags : null,
                aggregation == null ? null : AlertRule.wire(aggregation), per == null ? null : AlertRule.wire(per));
        return new AlertRule(null, null, null, name, kind, severity, forDuration, fleet, labels, webhook, threshold,
                operator, window, metricName, tags, aggregation, per, normal);
    }

    static String kind(Kind k) {
        return AlertRule.wire(k);
    }

    /** {@code 90s}, {@code 5m}, {@code 2h}: the shortest exact form, as {@link Params#duration} reads it. */
    static String format(Duration d) {
        long s = d.getSeconds();
        if (d.getNano() != 0) {
            return d.toMillis() + "ms";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static String thresholdMeaning(Kind kind) {
        if (kind == null) {
            return "see the rule kinds";
        }
        return switch (kind) {
            case DEVICE_SILENT -> "minutes without contact";
            case BUFFER_ABOVE -> "buffer use in percent of the budget";
            case DROPS_ABOVE -> "records dropped per minute";
            case METRIC_THRESHOLD -> "compared with the aggregated metric";
        };
    }

    private static String text(String field, String value, int max, boolean required) {
        if (value == null) {
            if (required) {
                throw new BadParameter(field, "missing");
            }
            return null;
        }
        String v = value.trim();
        if (v.isEmpty() || v.length() > max) {
            throw new BadParameter(field, "give 1 to " + max + " characters");
        }
        return v;
    }

    private static <E extends Enum<E>> E choice(String field, String value, Class<E> type, E fallback) {
        if (value == null && fallback != null) {
            return fallback;
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (AlertRule.wire(e).equals(value == null ? null : value.trim().toLowerCase(Locale.ROOT))) {
                return e;
            }
            allowed.append(allowed.isEmpty() ? "" : ", ").append(AlertRule.wire(e));
        }
        throw new BadParameter(field, (value == null ? "missing" : "unknown value '" + value + "'") + "; use one of "
                + allowed);
    }

    private static Duration duration(String field, String value) {
        Duration d = Params.duration(field, value);
        if (d.compareTo(MAX_DURATION) > 0) {
            throw new BadParameter(field, "at most " + format(MAX_DURATION) + ", was " + value);
        }
        return d;
    }

    private static Map<String, String> map(String field, Map<String, String> value) {
        if (value == null) {
            return Map.of();
        }
        if (value.size() > MAX_LABELS) {
            throw new BadParameter(field, "at most " + MAX_LABELS + " entries, had " + value.size());
        }
        Map<String, String> out = new TreeMap<>();
        value.forEach((k, v) -> {
            if (k == null || k.isBlank() || k.length() > 100 || v == null || v.length() > 500) {
                throw new BadParameter(field, "keys of 1 to 100 and values of up to 500 characters; '" + k + "' is not");
            }
            out.put(k, v);
        });
        return out;
    }

    private static URI webhook(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            URI u = new URI(value.trim());
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                    || value.length() > 2000) {
                throw new BadParameter(field, "give an http or https URL with a host, was '" + value + "'");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new BadParameter(field, "not a URL: '" + value + "'");
        }
    }

    private static void absent(String field, Object value, Kind kind) {
        if (value != null) {
            throw new BadParameter(field, "not used by " + kind(kind) + "; leave it out");
        }
    }
}

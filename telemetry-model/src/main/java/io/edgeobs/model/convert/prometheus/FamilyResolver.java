package io.edgeobs.model.convert.prometheus;

import io.edgeobs.model.MetricKind;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Knows the families declared so far and tells, for a sample name, which {@link MetricKind} and unit its points get:
 * {@code foo_bucket} of histogram {@code foo} is a bucket, {@code foo_total} of OpenMetrics counter {@code foo} a
 * counter, a sample of an undeclared family a gauge. Most samples resolve with one lookup by their exact name;
 * the sample parser also reuses the answer for consecutive samples of the same name. Public for receivers of
 * Prometheus remote_write, whose metadata declares families the same way. Not thread-safe.
 */
public final class FamilyResolver {

    /** How the samples of one name are mapped. */
    public record Resolved(MetricKind kind, String unit) {
    }

    private static final Resolved UNTYPED = new Resolved(MetricKind.GAUGE, "");

    private final Map<String, MetricFamily> families = new LinkedHashMap<>();

    public Map<String, MetricFamily> families() {
        return families;
    }

    MetricFamily family(String name) {
        return families.computeIfAbsent(name, n -> new MetricFamily(n, MetricFamily.Type.UNKNOWN, "", ""));
    }

    public void update(MetricFamily family) {
        families.put(family.name(), family);
    }

    /**
     * The kind and unit of samples named {@code name}. A family declared with that exact name and a type wins;
     * then the family the name is a part of ({@code foo_bucket} of histogram {@code foo}); then an exact family
     * without a type (only {@code # HELP} or {@code # UNIT}), whose samples are gauges.
     */
    public Resolved resolve(String name) {
        MetricFamily exact = families.get(name);
        if (exact != null && exact.type() != MetricFamily.Type.UNKNOWN) {
            return new Resolved(switch (exact.type()) {
                case COUNTER -> MetricKind.COUNTER;
                case SUMMARY -> MetricKind.SUMMARY_QUANTILE;
                default -> MetricKind.GAUGE;
            }, exact.unit());
        }
        int us = name.lastIndexOf('_');
        MetricFamily base = us > 0 ? families.get(name.substring(0, us)) : null;
        MetricKind kind = base == null ? null : suffixKind(base.type(), name.substring(us + 1));
        if (kind != null) {
            return new Resolved(kind, base.unit());
        }
        return exact == null || exact.unit().isEmpty() ? UNTYPED : new Resolved(MetricKind.GAUGE, exact.unit());
    }

    private static MetricKind suffixKind(MetricFamily.Type type, String suffix) {
        boolean histogram = type == MetricFamily.Type.HISTOGRAM || type == MetricFamily.Type.GAUGEHISTOGRAM;
        return switch (suffix) {
            case "bucket" -> histogram ? MetricKind.HISTOGRAM_BUCKET : null;
            case "sum" -> type == MetricFamily.Type.SUMMARY ? MetricKind.SUMMARY_SUM
                    : type == MetricFamily.Type.HISTOGRAM ? MetricKind.HISTOGRAM_SUM : null;
            case "count" -> type == MetricFamily.Type.SUMMARY ? MetricKind.SUMMARY_COUNT
                    : type == MetricFamily.Type.HISTOGRAM ? MetricKind.HISTOGRAM_COUNT : null;
            case "gsum" -> type == MetricFamily.Type.GAUGEHISTOGRAM ? MetricKind.HISTOGRAM_SUM : null;
            case "gcount" -> type == MetricFamily.Type.GAUGEHISTOGRAM ? MetricKind.HISTOGRAM_COUNT : null;
            case "total" -> type == MetricFamily.Type.COUNTER ? MetricKind.COUNTER : null;
            // _created holds a start time: kept as its own gauge series, as Prometheus stores it.
            case "created" -> type == MetricFamily.Type.COUNTER || histogram || type == MetricFamily.Type.SUMMARY
                    ? MetricKind.GAUGE : null;
            case "info" -> type == MetricFamily.Type.INFO ? MetricKind.GAUGE : null;
            default -> null;
        };
    }
}

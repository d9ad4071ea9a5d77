package io.edgeobs.model.convert.prometheus;

/** What the {@code # TYPE}, {@code # HELP} and {@code # UNIT} lines said about a metric family. */
public record MetricFamily(String name, Type type, String help, String unit) {

    /** Family types of both formats ({@code untyped} of 0.0.4 is {@code UNKNOWN}). */
    public enum Type { COUNTER, GAUGE, HISTOGRAM, GAUGEHISTOGRAM, SUMMARY, INFO, STATESET, UNKNOWN }

    MetricFamily withType(Type newType) {
        return new MetricFamily(name, newType, help, unit);
    }

    MetricFamily withHelp(String newHelp) {
        return new MetricFamily(name, type, newHelp, unit);
    }

    MetricFamily withUnit(String newUnit) {
        return new MetricFamily(name, type, help, newUnit);
    }
}

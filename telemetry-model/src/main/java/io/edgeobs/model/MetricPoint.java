package io.edgeobs.model;

import java.util.Map;

/**
 * One metric sample.
 *
 * @param name                the sample name as Prometheus exposes it ({@code http_requests_total},
 *                            {@code rpc_seconds_bucket})
 * @param value               the value; NaN only where {@link MetricKind#allowsNaN()}
 * @param unit                unit, may be empty
 * @param timestampUnixNanos  sample time
 * @param tags                series labels
 * @param kind                the sample's role
 * @param exemplarTraceId     empty, or the 16-byte trace id of an exemplar
 */
public record MetricPoint(String name, double value, String unit, long timestampUnixNanos, Tags tags,
                          MetricKind kind, Id exemplarTraceId) implements TelemetryRecord {

    public MetricPoint {
        name = Resource.nullToEmpty(name);
        unit = Resource.nullToEmpty(unit);
        tags = tags == null ? Tags.EMPTY : tags;
        kind = kind == null ? MetricKind.GAUGE : kind;
        exemplarTraceId = exemplarTraceId == null ? Id.EMPTY : exemplarTraceId;
    }

    public static MetricPoint gauge(String name, double value, long timestampUnixNanos, Tags tags) {
        return new MetricPoint(name, value, "", timestampUnixNanos, tags, MetricKind.GAUGE, Id.EMPTY);
    }

    public static MetricPoint counter(String name, double value, long timestampUnixNanos, Tags tags) {
        return new MetricPoint(name, value, "", timestampUnixNanos, tags, MetricKind.COUNTER, Id.EMPTY);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public Signal signal() {
        return Signal.METRICS;
    }

    @Override
    public long timeUnixNanos() {
        return timestampUnixNanos;
    }

    public MetricPoint withTags(Tags newTags) {
        return new MetricPoint(name, value, unit, timestampUnixNanos, newTags, kind, exemplarTraceId);
    }

    public MetricPoint withValue(double newValue) {
        return new MetricPoint(name, newValue, unit, timestampUnixNanos, tags, kind, exemplarTraceId);
    }

    public static final class Builder {
        private final String name;
        private double value;
        private String unit = "";
        private long timestampUnixNanos;
        private final Tags.Builder tags = Tags.builder();
        private MetricKind kind = MetricKind.GAUGE;
        private Id exemplarTraceId = Id.EMPTY;

        private Builder(String name) {
            this.name = name;
        }

        public Builder value(double value) {
            this.value = value;
            return this;
        }

        public Builder unit(String unit) {
            this.unit = unit;
            return this;
        }

        public Builder timestampUnixNanos(long nanos) {
            this.timestampUnixNanos = nanos;
            return this;
        }

        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public Builder tags(Map<String, String> more) {
            tags.putAll(more);
            return this;
        }

        public Builder kind(MetricKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder exemplarTraceId(Id traceId) {
            this.exemplarTraceId = traceId;
            return this;
        }

        public MetricPoint build() {
            return new MetricPoint(name, value, unit, timestampUnixNanos, tags.build(), kind, exemplarTraceId);
        }
    }
}

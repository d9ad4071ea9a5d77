package io.edgeobs.model.convert.otlp;

import io.edgeobs.model.Id;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Exemplar;

import java.util.List;

/**
 * Where the points of one metrics request go, with what every point of the current resource, scope and metric
 * shares: base tags, unit, temporality. One per conversion; not thread-safe.
 */
final class MetricSink {

    static final String SERVICE_TAG = "service";
    static final String TEMPORALITY_TAG = "temporality";
    static final String NO_RECORDED_VALUE = "data points flagged as having no recorded value";

    private final Conversion.Builder<MetricPoint> out = new Conversion.Builder<>();
    private final long receivedAt;
    private final TagPairs resourceTags = new TagPairs();
    private final TagPairs scopeTags = new TagPairs();
    private final TagPairs pointTags = new TagPairs();
    private String unit = "";
    private boolean delta;

    MetricSink(long receivedAtUnixNanos) {
        this.receivedAt = receivedAtUnixNanos;
    }

    /** Resource attributes become tags, {@code service.name} as {@code service}. */
    void resource(List<KeyValue> attributes) {
        resourceTags.clear();
        for (KeyValue kv : attributes) {
            String key = kv.getKey().equals(OtlpTraces.SERVICE_NAME) ? SERVICE_TAG : kv.getKey();
            resourceTags.put(key, OtlpAttributes.asString(kv.getValue()));
        }
    }

    void scope(InstrumentationScope scope) {
        scopeTags.copyFrom(resourceTags);
        scopeTags.putScope(scope);
    }

    /** Starts a metric: the unit and temporality of its points. */
    void metric(String unit, boolean delta) {
        this.unit = unit;
        this.delta = delta;
    }

    /** Starts a data point: its tags are the scope's, then its attributes (which win), then the temporality. */
    void point(List<KeyValue> attributes) {
        pointTags.copyFrom(scopeTags);
        pointTags.putAttributes(attributes);
        if (delta) {
            pointTags.put(TEMPORALITY_TAG, "delta");
        }
    }

    /** The current point's tags. */
    Tags tags() {
        return pointTags.build();
    }

    /** The current point's tags plus {@code le} or {@code quantile}. */
    Tags tagsWith(String key, String value) {
        return pointTags.buildWith(key, value);
    }

    /** The point's time, else its start time, else the time the request was received. */
    long time(long time, long start) {
        return time != 0 ? time : start != 0 ? start : receivedAt;
    }

    void add(String name, double value, long time, Tags tags, MetricKind kind, Id exemplarTraceId) {
        out.add(new MetricPoint(name, value, unit, time, tags, kind, exemplarTraceId));
    }

    void reject(String reason) {
        out.reject(reason);
    }

    void reject(String reason, long count) {
        out.reject(reason, count);
    }

    /** True, and counted, when the point is only a marker that its series has no value (staleness). */
    boolean noRecordedValue(int flags) {
        if ((flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0) {
            out.reject(NO_RECORDED_VALUE);
            return true;
        }
        return false;
    }

    Conversion<MetricPoint> build() {
        return out.build();
    }

    /** The trace id of an exemplar, or empty when it has no valid 16-byte one. */
    static Id traceId(Exemplar e) {
        return e.getTraceId().size() == Id.TRACE_ID_LENGTH ? OtlpAttributes.optionalId(e.getTraceId()) : Id.EMPTY;
    }

    static double value(Exemplar e) {
        return e.getValueCase() == Exemplar.ValueCase.AS_INT ? e.getAsInt() : e.getAsDouble();
    }

    /** The trace id of the first exemplar that has one. */
    static Id firstTraceId(List<Exemplar> exemplars) {
        for (int i = 0, n = exemplars.size(); i < n; i++) {
            Id id = traceId(exemplars.get(i));
            if (!id.isEmpty()) {
                return id;
            }
        }
        return Id.EMPTY;
    }

    /** An unsigned 64-bit count (OTLP {@code fixed64}) as a double. */
    static double unsigned(long count) {
        return count >= 0 ? count : (double) (count >>> 1) * 2.0 + (count & 1);
    }
}

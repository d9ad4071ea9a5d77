package io.edgeobs.model.convert.otlp;

import io.edgeobs.model.Id;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;

import java.util.List;

/**
 * OTLP metrics to edgeobs metric points, shaped like Prometheus samples.
 * <ul>
 *   <li>gauge: {@code GAUGE}; sum: monotonic {@code COUNTER}, otherwise {@code GAUGE}; a delta-temporality sum or
 *       histogram keeps its kind and gets tag {@code temporality=delta}, so it is never mistaken for a cumulative one;</li>
 *   <li>histogram: one {@code <name>_bucket} point per bucket with cumulative counts and tag {@code le} (the last
 *       one {@code +Inf}), then {@code <name>_sum} (when recorded) and {@code <name>_count};</li>
 *   <li>summary: one point per quantile with tag {@code quantile}, then {@code <name>_sum} and {@code <name>_count};</li>
 *   <li>exponential histograms are rejected and counted (not supported yet);
 *       points flagged "no recorded value" are rejected and counted;</li>
 *   <li>tags: resource attributes, then data point attributes (which win); unit from the metric;
 *       time: the point's time, else its start time, else the time it was received;
 *       exemplar: the first exemplar with a trace id.</li>
 * </ul>
 */
public final class OtlpMetrics {

    private OtlpMetrics() {
    }

    public static Conversion<MetricPoint> convert(ExportMetricsServiceRequest request, long receivedAtUnixNanos) {
        Conversion.Builder<MetricPoint> out = new Conversion.Builder<>();
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            List<KeyValue> resource = rm.getResource().getAttributesList();
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    new PointWriter(m, resource, receivedAtUnixNanos, out).write();
                }
            }
        }
        return out.build();
    }

    /** Writes the points of one metric. */
    private record PointWriter(Metric metric, List<KeyValue> resource, long receivedAt,
                               Conversion.Builder<MetricPoint> out) {

        void write() {
            switch (metric.getDataCase()) {
                case GAUGE -> metric.getGauge().getDataPointsList().forEach(p -> number(p, MetricKind.GAUGE, false));
                case SUM -> {
                    var sum = metric.getSum();
                    boolean delta = sum.getAggregationTemporality() == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                    MetricKind kind = sum.getIsMonotonic() ? MetricKind.COUNTER : MetricKind.GAUGE;
                    sum.getDataPointsList().forEach(p -> number(p, kind, delta));
                }
                case HISTOGRAM -> {
                    var h = metric.getHistogram();
                    boolean delta = h.getAggregationTemporality() == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                    h.getDataPointsList().forEach(p -> histogram(p, delta));
                }
                case SUMMARY -> metric.getSummary().getDataPointsList().forEach(this::summary);
                case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsList()
                        .forEach(p -> out.reject("data points of exponential histograms (not supported yet)"));
                case DATA_NOT_SET -> { }
            }
        }

        private void number(NumberDataPoint p, MetricKind kind, boolean delta) {
            if (noValue(p.getFlags())) {
                return;
            }
            double value = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
            Tags tags = tags(p.getAttributesList(), delta);
            out.add(new MetricPoint(metric.getName(), value, metric.getUnit(),
                    time(p.getTimeUnixNano(), p.getStartTimeUnixNano()), tags, kind, exemplar(p.getExemplarsList())));
        }

        private void histogram(HistogramDataPoint p, boolean delta) {
            if (noValue(p.getFlags())) {
                return;
            }
            if (p.getBucketCountsCount() != 0 && p.getBucketCountsCount() != p.getExplicitBoundsCount() + 1) {
                out.reject("histogram data points with " + "bucket counts that do not match their bounds");
                return;
            }
            Tags tags = tags(p.getAttributesList(), delta);
            long t = time(p.getTimeUnixNano(), p.getStartTimeUnixNano());
            Id exemplar = exemplar(p.getExemplarsList());
            long cumulative = 0;
            for (int i = 0; i < p.getBucketCountsCount(); i++) {
                cumulative += p.getBucketCounts(i);
                String le = i < p.getExplicitBoundsCount() ? OtlpValues.number(p.getExplicitBounds(i)) : "+Inf";
                out.add(new MetricPoint(metric.getName() + "_bucket", cumulative, metric.getUnit(), t,
                        tags.with("le", le), MetricKind.HISTOGRAM_BUCKET, exemplar));
            }
            if (p.hasSum()) {
                out.add(new MetricPoint(metric.getName() + "_sum", p.getSum(), metric.getUnit(), t, tags,
                        MetricKind.HISTOGRAM_SUM, Id.EMPTY));
            }
            out.add(new MetricPoint(metric.getName() + "_count", p.getCount(), metric.getUnit(), t, tags,
                    MetricKind.HISTOGRAM_COUNT, Id.EMPTY));
        }

        private void summary(SummaryDataPoint p) {
            if (noValue(p.getFlags())) {
                return;
            }
            Tags tags = tags(p.getAttributesList(), false);
            long t = time(p.getTimeUnixNano(), p.getStartTimeUnixNano());
            for (var q : p.getQuantileValuesList()) {
                out.add(new MetricPoint(metric.getName(), q.getValue(), metric.getUnit(), t,
                        tags.with("quantile", OtlpValues.number(q.getQuantile())), MetricKind.SUMMARY_QUANTILE, Id.EMPTY));
            }
            out.add(new MetricPoint(metric.getName() + "_sum", p.getSum(), metric.getUnit(), t, tags,
                    MetricKind.SUMMARY_SUM, Id.EMPTY));
            out.add(new MetricPoint(metric.getName() + "_count", p.getCount(), metric.getUnit(), t, tags,
                    MetricKind.SUMMARY_COUNT, Id.EMPTY));
        }

        private boolean noValue(int flags) {
            if ((flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0) {
                out.reject("data points flagged as having no recorded value");
                return true;
            }
            return false;
        }

        private Tags tags(List<KeyValue> attributes, boolean delta) {
            Tags.Builder b = Tags.builder();
            OtlpValues.putTags(b, resource);
            OtlpValues.putTags(b, attributes);
            if (delta) {
                b.put("temporality", "delta");
            }
            return b.build();
        }

        private long time(long time, long start) {
            return time != 0 ? time : start != 0 ? start : receivedAt;
        }

        private static Id exemplar(List<Exemplar> exemplars) {
            for (Exemplar e : exemplars) {
                if (e.getTraceId().size() == Id.TRACE_ID_LENGTH) {
                    return Id.of(e.getTraceId());
                }
            }
            return Id.EMPTY;
        }
    }
}

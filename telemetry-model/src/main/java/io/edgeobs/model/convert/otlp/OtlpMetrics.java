package io.edgeobs.model.convert.otlp;

import io.edgeobs.model.Id;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;

import java.util.List;

/**
 * OTLP metrics to edgeobs metric points shaped like Prometheus samples; the rules are in the
 * {@linkplain io.edgeobs.model.convert.otlp package documentation}. Histograms are {@link OtlpHistograms}'.
 */
public final class OtlpMetrics {

    static final String NO_VALUE = "number data points without a value";

    private OtlpMetrics() {
    }

    /**
     * @param receivedAtUnixNanos the time of points that carry neither a time nor a start time
     */
    public static Conversion<MetricPoint> convert(ExportMetricsServiceRequest request, long receivedAtUnixNanos) {
        MetricSink sink = new MetricSink(receivedAtUnixNanos);
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            sink.resource(rm.getResource().getAttributesList());
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                sink.scope(sm.getScope());
                for (Metric m : sm.getMetricsList()) {
                    metric(m, sink);
                }
            }
        }
        return sink.build();
    }

    private static void metric(Metric m, MetricSink sink) {
        switch (m.getDataCase()) {
            case GAUGE -> {
                sink.metric(m.getUnit(), false);
                numbers(m.getName(), m.getGauge().getDataPointsList(), MetricKind.GAUGE, sink);
            }
            case SUM -> {
                var sum = m.getSum();
                sink.metric(m.getUnit(), isDelta(sum.getAggregationTemporalityValue()));
                MetricKind kind = sum.getIsMonotonic() ? MetricKind.COUNTER : MetricKind.GAUGE;
                numbers(m.getName(), sum.getDataPointsList(), kind, sink);
            }
            case HISTOGRAM -> {
                var h = m.getHistogram();
                sink.metric(m.getUnit(), isDelta(h.getAggregationTemporalityValue()));
                OtlpHistograms.explicit(m.getName(), h.getDataPointsList(), sink);
            }
            case EXPONENTIAL_HISTOGRAM -> {
                var h = m.getExponentialHistogram();
                sink.metric(m.getUnit(), isDelta(h.getAggregationTemporalityValue()));
                OtlpHistograms.exponential(m.getName(), h.getDataPointsList(), sink);
            }
            case SUMMARY -> {
                sink.metric(m.getUnit(), false);
                summaries(m.getName(), m.getSummary().getDataPointsList(), sink);
            }
            case DATA_NOT_SET -> {
                // A metric without data has no data points, so there is nothing to convert or to count.
            }
        }
    }

    private static boolean isDelta(int temporality) {
        return temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA_VALUE;
    }

    private static void numbers(String name, List<NumberDataPoint> points, MetricKind kind, MetricSink sink) {
        for (NumberDataPoint p : points) {
            if (sink.noRecordedValue(p.getFlags())) {
                continue;
            }
            double value;
            switch (p.getValueCase()) {
                case AS_DOUBLE -> value = p.getAsDouble();
                case AS_INT -> value = p.getAsInt();
                default -> {
                    sink.reject(NO_VALUE);
                    continue;
                }
            }
            sink.point(p.getAttributesList());
            sink.add(name, value, sink.time(p.getTimeUnixNano(), p.getStartTimeUnixNano()), sink.tags(), kind,
                    MetricSink.firstTraceId(p.getExemplarsList()));
        }
    }

    private static void summaries(String name, List<SummaryDataPoint> points, MetricSink sink) {
        String sumName = name + "_sum";
        String countName = name + "_count";
        for (SummaryDataPoint p : points) {
            if (sink.noRecordedValue(p.getFlags())) {
                continue;
            }
            sink.point(p.getAttributesList());
            long t = sink.time(p.getTimeUnixNano(), p.getStartTimeUnixNano());
            for (var q : p.getQuantileValuesList()) {
                sink.add(name, q.getValue(), t, sink.tagsWith("quantile", OtlpAttributes.bound(q.getQuantile())),
                        MetricKind.SUMMARY_QUANTILE, Id.EMPTY);
            }
            Tags tags = sink.tags();
            sink.add(sumName, p.getSum(), t, tags, MetricKind.SUMMARY_SUM, Id.EMPTY);
            sink.add(countName, MetricSink.unsigned(p.getCount()), t, tags, MetricKind.SUMMARY_COUNT, Id.EMPTY);
        }
    }
}

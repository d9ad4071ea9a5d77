package io.edgeobs.model.convert.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;

import java.io.IOException;

/**
 * OTLP/JSON metric export requests ({@code metrics.proto}) read into the generated protobuf messages, down to the
 * metrics; their data points are {@link OtlpJsonDataPoints}'.
 */
final class OtlpJsonMetrics {

    private OtlpJsonMetrics() {
    }

    static ExportMetricsServiceRequest request(OtlpJsonReader r) throws IOException {
        ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            if (f.equals("resourceMetrics") || f.equals("resource_metrics")) {
                r.each(f, OtlpJsonMetrics::resourceMetrics, b::addResourceMetrics);
            } else {
                r.skip();
            }
        }
        return b.build();
    }

    private static ResourceMetrics resourceMetrics(OtlpJsonReader r) throws IOException {
        ResourceMetrics.Builder b = ResourceMetrics.newBuilder();
        if (r.object("resourceMetrics")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "resource" -> b.setResource(OtlpJsonCommon.resource(r));
                    case "scopeMetrics", "scope_metrics" -> r.each(f, OtlpJsonMetrics::scopeMetrics, b::addScopeMetrics);
                    case "schemaUrl", "schema_url" -> b.setSchemaUrl(r.string(f));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static ScopeMetrics scopeMetrics(OtlpJsonReader r) throws IOException {
        ScopeMetrics.Builder b = ScopeMetrics.newBuilder();
        if (r.object("scopeMetrics")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "scope" -> b.setScope(OtlpJsonCommon.scope(r));
                    case "metrics" -> r.each(f, OtlpJsonMetrics::metric, b::addMetrics);
                    case "schemaUrl", "schema_url" -> b.setSchemaUrl(r.string(f));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static Metric metric(OtlpJsonReader r) throws IOException {
        Metric.Builder b = Metric.newBuilder();
        if (r.object("metrics")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "name" -> b.setName(r.string(f));
                    case "description" -> b.setDescription(r.string(f));
                    case "unit" -> b.setUnit(r.string(f));
                    case "gauge" -> b.setGauge(gauge(r));
                    case "sum" -> b.setSum(sum(r));
                    case "histogram" -> b.setHistogram(histogram(r));
                    case "exponentialHistogram", "exponential_histogram" ->
                            b.setExponentialHistogram(exponentialHistogram(r));
                    case "summary" -> b.setSummary(summary(r));
                    case "metadata" -> r.each(f, OtlpJsonCommon::keyValue, b::addMetadata);
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static Gauge gauge(OtlpJsonReader r) throws IOException {
        Gauge.Builder b = Gauge.newBuilder();
        if (r.object("gauge")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                if (f.equals("dataPoints") || f.equals("data_points")) {
                    r.each(f, OtlpJsonDataPoints::number, b::addDataPoints);
                } else {
                    r.skip();
                }
            }
        }
        return b.build();
    }

    private static Sum sum(OtlpJsonReader r) throws IOException {
        Sum.Builder b = Sum.newBuilder();
        if (r.object("sum")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "dataPoints", "data_points" -> r.each(f, OtlpJsonDataPoints::number, b::addDataPoints);
                    case "aggregationTemporality", "aggregation_temporality" ->
                            b.setAggregationTemporalityValue(temporality(r, f));
                    case "isMonotonic", "is_monotonic" -> b.setIsMonotonic(r.bool(f));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static Histogram histogram(OtlpJsonReader r) throws IOException {
        Histogram.Builder b = Histogram.newBuilder();
        if (r.object("histogram")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "dataPoints", "data_points" -> r.each(f, OtlpJsonDataPoints::histogram, b::addDataPoints);
                    case "aggregationTemporality", "aggregation_temporality" ->
                            b.setAggregationTemporalityValue(temporality(r, f));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static ExponentialHistogram exponentialHistogram(OtlpJsonReader r) throws IOException {
        ExponentialHistogram.Builder b = ExponentialHistogram.newBuilder();
        if (r.object("exponentialHistogram")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "dataPoints", "data_points" -> r.each(f, OtlpJsonDataPoints::exponential, b::addDataPoints);
                    case "aggregationTemporality", "aggregation_temporality" ->
                            b.setAggregationTemporalityValue(temporality(r, f));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static Summary summary(OtlpJsonReader r) throws IOException {
        Summary.Builder b = Summary.newBuilder();
        if (r.object("summary")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                if (f.equals("dataPoints") || f.equals("data_points")) {
                    r.each(f, OtlpJsonDataPoints::summary, b::addDataPoints);
                } else {
                    r.skip();
                }
            }
        }
        return b.build();
    }

    private static int temporality(OtlpJsonReader r, String field) throws IOException {
        return r.enumValue(field, n -> AggregationTemporality.valueOf(n).getNumber());
    }
}

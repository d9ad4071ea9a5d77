package io.edgeobs.model.convert.otlp;

import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;

import java.io.IOException;

/** OTLP/JSON metric data points and exemplars ({@code metrics.proto}) read into the generated protobuf messages. */
final class OtlpJsonDataPoints {

    private OtlpJsonDataPoints() {
    }

    static NumberDataPoint number(OtlpJsonReader r) throws IOException {
        NumberDataPoint.Builder b = NumberDataPoint.newBuilder();
        if (r.object("dataPoints")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "attributes" -> r.each(f, OtlpJsonCommon::keyValue, b::addAttributes);
                    case "startTimeUnixNano", "start_time_unix_nano" -> b.setStartTimeUnixNano(r.uint64(f));
                    case "timeUnixNano", "time_unix_nano" -> b.setTimeUnixNano(r.uint64(f));
                    case "asDouble", "as_double" -> b.setAsDouble(r.float64(f));
                    case "asInt", "as_int" -> b.setAsInt(r.int64(f));
                    case "exemplars" -> r.each(f, OtlpJsonDataPoints::exemplar, b::addExemplars);
                    case "flags" -> b.setFlags(r.int32(f, true));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    static HistogramDataPoint histogram(OtlpJsonReader r) throws IOException {
        HistogramDataPoint.Builder b = HistogramDataPoint.newBuilder();
        if (r.object("dataPoints")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "attributes" -> r.each(f, OtlpJsonCommon::keyValue, b::addAttributes);
                    case "startTimeUnixNano", "start_time_unix_nano" -> b.setStartTimeUnixNano(r.uint64(f));
                    case "timeUnixNano", "time_unix_nano" -> b.setTimeUnixNano(r.uint64(f));
                    case "count" -> b.setCount(r.uint64(f));
                    case "sum" -> b.setSum(r.float64(f));
                    case "bucketCounts", "bucket_counts" -> {
                        if (r.array(f)) {
                            while (r.nextElement()) {
                                b.addBucketCounts(r.uint64(f));
                            }
                        }
                    }
                    case "explicitBounds", "explicit_bounds" -> {
                        if (r.array(f)) {
                            while (r.nextElement()) {
                                b.addExplicitBounds(r.float64(f));
                            }
                        }
                    }
                    case "exemplars" -> r.each(f, OtlpJsonDataPoints::exemplar, b::addExemplars);
                    case "flags" -> b.setFlags(r.int32(f, true));
                    case "min" -> b.setMin(r.float64(f));
                    case "max" -> b.setMax(r.float64(f));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    static ExponentialHistogramDataPoint exponential(OtlpJsonReader r) throws IOException {
        ExponentialHistogramDataPoint.Builder b = ExponentialHistogramDataPoint.newBuilder();
        if (r.object("dataPoints")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "attributes" -> r.each(f, OtlpJsonCommon::keyValue, b::addAttributes);
                    case "startTimeUnixNano", "start_time_unix_nano" -> b.setStartTimeUnixNano(r.uint64(f));
                    case "timeUnixNano", "time_unix_nano" -> b.setTimeUnixNano(r.uint64(f));
                    case "count" -> b.setCount(r.uint64(f));
                    case "sum" -> b.setSum(r.float64(f));
                    case "scale" -> b.setScale(r.int32(f, false));
                    case "zeroCount", "zero_count" -> b.setZeroCount(r.uint64(f));
                    case "positive" -> b.setPositive(buckets(r));
                    case "negative" -> b.setNegative(buckets(r));
                    case "flags" -> b.setFlags(r.int32(f, true));
                    case "exemplars" -> r.each(f, OtlpJsonDataPoints::exemplar, b::addExemplars);
                    case "min" -> b.setMin(r.float64(f));
                    case "max" -> b.setMax(r.float64(f));
                    case "zeroThreshold", "zero_threshold" -> b.setZeroThreshold(r.float64(f));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static ExponentialHistogramDataPoint.Buckets buckets(OtlpJsonReader r) throws IOException {
        ExponentialHistogramDataPoint.Buckets.Builder b = ExponentialHistogramDataPoint.Buckets.newBuilder();
        if (r.object("buckets")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "offset" -> b.setOffset(r.int32(f, false));
                    case "bucketCounts", "bucket_counts" -> {
                        if (r.array(f)) {
                            while (r.nextElement()) {
                                b.addBucketCounts(r.uint64(f));
                            }
                        }
                    }
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    static SummaryDataPoint summary(OtlpJsonReader r) throws IOException {
        SummaryDataPoint.Builder b = SummaryDataPoint.newBuilder();
        if (r.object("dataPoints")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "attributes" -> r.each(f, OtlpJsonCommon::keyValue, b::addAttributes);
                    case "startTimeUnixNano", "start_time_unix_nano" -> b.setStartTimeUnixNano(r.uint64(f));
                    case "timeUnixNano", "time_unix_nano" -> b.setTimeUnixNano(r.uint64(f));
                    case "count" -> b.setCount(r.uint64(f));
                    case "sum" -> b.setSum(r.float64(f));
                    case "quantileValues", "quantile_values" -> r.each(f, OtlpJsonDataPoints::quantile, b::addQuantileValues);
                    case "flags" -> b.setFlags(r.int32(f, true));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static SummaryDataPoint.ValueAtQuantile quantile(OtlpJsonReader r) throws IOException {
        SummaryDataPoint.ValueAtQuantile.Builder b = SummaryDataPoint.ValueAtQuantile.newBuilder();
        if (r.object("quantileValues")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "quantile" -> b.setQuantile(r.float64(f));
                    case "value" -> b.setValue(r.float64(f));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static Exemplar exemplar(OtlpJsonReader r) throws IOException {
        Exemplar.Builder b = Exemplar.newBuilder();
        if (r.object("exemplars")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "filteredAttributes", "filtered_attributes" ->
                            r.each(f, OtlpJsonCommon::keyValue, b::addFilteredAttributes);
                    case "timeUnixNano", "time_unix_nano" -> b.setTimeUnixNano(r.uint64(f));
                    case "asDouble", "as_double" -> b.setAsDouble(r.float64(f));
                    case "asInt", "as_int" -> b.setAsInt(r.int64(f));
                    case "spanId", "span_id" -> b.setSpanId(r.id(f));
                    case "traceId", "trace_id" -> b.setTraceId(r.id(f));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }
}

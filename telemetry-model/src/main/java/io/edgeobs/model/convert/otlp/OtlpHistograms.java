package io.edgeobs.model.convert.otlp;

import io.edgeobs.model.Id;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.Tags;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;

import java.util.List;

/**
 * OTLP histograms as Prometheus classic histograms: {@code <name>_bucket} points with cumulative counts and tag
 * {@code le}, always ending with {@code le="+Inf"} (= the count), then {@code <name>_sum} (when the point has
 * a sum) and {@code <name>_count}. Exponential histograms become the same, their buckets merged to powers of two
 * (scale 0) when finer, so the bounds do not move when the SDK changes its scale. An exemplar goes to the bucket
 * its value falls in.
 */
final class OtlpHistograms {

    static final String BUCKETS_NOT_MATCHING_BOUNDS =
            "histogram data points whose number of bucket counts is not the number of bounds plus one";
    static final String BOUNDS_NOT_INCREASING = "histogram data points whose bounds are not increasing";
    static final String COUNTS_NOT_ADDING_UP = "histogram data points whose bucket counts do not add up to their count";
    static final String SCALE_OUT_OF_RANGE = "exponential histogram data points with a scale outside -10..20";

    private static final String INF = "+Inf";

    private OtlpHistograms() {
    }

    static void explicit(String name, List<HistogramDataPoint> points, MetricSink sink) {
        Names names = new Names(name);
        for (HistogramDataPoint p : points) {
            if (sink.noRecordedValue(p.getFlags())) {
                continue;
            }
            int buckets = p.getBucketCountsCount();
            if (buckets != 0 && buckets != p.getExplicitBoundsCount() + 1) {
                sink.reject(BUCKETS_NOT_MATCHING_BOUNDS);
                continue;
            }
            if (buckets != 0 && !increasing(p)) {
                sink.reject(BOUNDS_NOT_INCREASING);
                continue;
            }
            if (buckets != 0 && total(p) != p.getCount()) {
                sink.reject(COUNTS_NOT_ADDING_UP);
                continue;
            }
            sink.point(p.getAttributesList());
            BucketWriter out = new BucketWriter(names, sink, sink.time(p.getTimeUnixNano(), p.getStartTimeUnixNano()),
                    p.getExemplarsList());
            for (int i = 0; i < buckets - 1; i++) {
                out.bucket(p.getBucketCounts(i), p.getExplicitBounds(i));
            }
            out.finish(p.getCount(), p.hasSum(), p.getSum());
        }
    }

    static void exponential(String name, List<ExponentialHistogramDataPoint> points, MetricSink sink) {
        Names names = new Names(name);
        for (ExponentialHistogramDataPoint p : points) {
            if (sink.noRecordedValue(p.getFlags())) {
                continue;
            }
            int scale = p.getScale();
            if (scale < -10 || scale > 20) {
                sink.reject(SCALE_OUT_OF_RANGE);
                continue;
            }
            var negative = p.getNegative();
            var positive = p.getPositive();
            if (total(negative) + p.getZeroCount() + total(positive) != p.getCount()) {
                sink.reject(COUNTS_NOT_ADDING_UP);
                continue;
            }
            sink.point(p.getAttributesList());
            BucketWriter out = new BucketWriter(names, sink, sink.time(p.getTimeUnixNano(), p.getStartTimeUnixNano()),
                    p.getExemplarsList());
            // Buckets are merged down to scale 0 (powers of two) where the scale is finer, so that the bounds stay
            // the same whatever scale the SDK picked: bucket i at scale s lies inside bucket i >> s at scale 0.
            int shift = Math.max(scale, 0);
            int target = Math.min(scale, 0);
            merged(negative, shift, target, true, out);
            if (p.getZeroCount() != 0 || negative.getBucketCountsCount() != 0) {
                out.bucket(p.getZeroCount(), p.getZeroThreshold());
            }
            merged(positive, shift, target, false, out);
            out.finish(p.getCount(), p.hasSum(), p.getSum());
        }
    }

    /**
     * Writes exponential buckets merged {@code shift} scales down. Positive bucket i holds values in
     * (base^i, base^(i+1)] and is written lowest first; negative bucket i holds [-base^(i+1), -base^i) and is
     * written farthest from zero first.
     */
    private static void merged(ExponentialHistogramDataPoint.Buckets buckets, int shift, int scale, boolean negative,
                               BucketWriter out) {
        int n = buckets.getBucketCountsCount();
        if (n == 0) {
            return;
        }
        long pending = 0;
        long current = 0;
        for (int k = 0; k < n; k++) {
            int i = negative ? n - 1 - k : k;
            long index = ((long) buckets.getOffset() + i) >> shift;
            if (k > 0 && index != current) {
                out.bucket(pending, upperBound(current, scale, negative));
                pending = 0;
            }
            current = index;
            pending += buckets.getBucketCounts(i);
        }
        out.bucket(pending, upperBound(current, scale, negative));
    }

    private static double upperBound(long index, int scale, boolean negative) {
        return negative ? -power(index, scale) : power(index + 1, scale);
    }

    /** {@code base^index} with {@code base = 2^(2^-scale)}. */
    static double power(long index, int scale) {
        return Math.pow(2.0, Math.scalb((double) index, -scale));
    }

    private static boolean increasing(HistogramDataPoint p) {
        for (int i = 0, n = p.getExplicitBoundsCount(); i < n; i++) {
            double b = p.getExplicitBounds(i);
            if (Double.isNaN(b) || (i > 0 && b <= p.getExplicitBounds(i - 1))) {
                return false;
            }
        }
        return true;
    }

    // Indexed getters, not the List views, which would box every count.
    private static long total(HistogramDataPoint p) {
        long total = 0;
        for (int i = 0, n = p.getBucketCountsCount(); i < n; i++) {
            total += p.getBucketCounts(i);
        }
        return total;
    }

    private static long total(ExponentialHistogramDataPoint.Buckets b) {
        long total = 0;
        for (int i = 0, n = b.getBucketCountsCount(); i < n; i++) {
            total += b.getBucketCounts(i);
        }
        return total;
    }

    /** The sample names of one histogram metric, made once for all its points. */
    private record Names(String bucket, String sum, String count) {
        Names(String name) {
            this(name + "_bucket", name + "_sum", name + "_count");
        }
    }

    /** Writes the cumulative buckets of one data point, lowest bound first. */
    private static final class BucketWriter {
        private final Names names;
        private final MetricSink sink;
        private final long time;
        private final List<Exemplar> exemplars;
        private long cumulative;
        private double lastBound = Double.NEGATIVE_INFINITY;

        BucketWriter(Names names, MetricSink sink, long time, List<Exemplar> exemplars) {
            this.names = names;
            this.sink = sink;
            this.time = time;
            this.exemplars = exemplars;
        }

        /**
         * Adds a bucket's count and writes a point for its upper bound. A bound that is infinite or not above
         * the previous one gets no point of its own; its count still goes into the next one.
         */
        void bucket(long count, double upperBound) {
            cumulative += count;
            if (upperBound > lastBound && upperBound != Double.POSITIVE_INFINITY) {
                write(upperBound, OtlpAttributes.bound(upperBound), cumulative);
            }
        }

        void finish(long count, boolean hasSum, double sum) {
            write(Double.POSITIVE_INFINITY, INF, count);
            Tags tags = sink.tags();
            if (hasSum) {
                sink.add(names.sum(), sum, time, tags, MetricKind.HISTOGRAM_SUM, Id.EMPTY);
            }
            sink.add(names.count(), MetricSink.unsigned(count), time, tags, MetricKind.HISTOGRAM_COUNT, Id.EMPTY);
        }

        private void write(double upperBound, String le, long cumulativeCount) {
            sink.add(names.bucket(), MetricSink.unsigned(cumulativeCount), time, sink.tagsWith("le", le),
                    MetricKind.HISTOGRAM_BUCKET, exemplarBetween(lastBound, upperBound));
            lastBound = upperBound;
        }

        /** The first exemplar with a trace id whose value is in (lower, upper]. */
        private Id exemplarBetween(double lower, double upper) {
            for (int i = 0, n = exemplars.size(); i < n; i++) {
                Exemplar e = exemplars.get(i);
                double v = MetricSink.value(e);
                if (v > lower && v <= upper) {
                    Id id = MetricSink.traceId(e);
                    if (!id.isEmpty()) {
                        return id;
                    }
                }
            }
            return Id.EMPTY;
        }
    }
}

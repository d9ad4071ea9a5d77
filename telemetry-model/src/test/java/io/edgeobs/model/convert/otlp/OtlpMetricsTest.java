package io.edgeobs.model.convert.otlp;

import io.edgeobs.model.Id;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;
import io.edgeobs.model.validation.Validator;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Metrics recorded with the real OpenTelemetry SDK, marshalled by its OTLP exporter, converted to edgeobs points. */
class OtlpMetricsTest {

    static final long RECEIVED = 1_764_000_100_000_000_000L;
    private static final Tags RESOURCE = Tags.of("service", "pump-ctl", "host.name", "dev-1", "site.zone", "north",
            "otel.scope.name", "io.edgeobs.test");

    private final SdkPayloads.Metrics payload = SdkPayloads.metrics();

    @Test
    void shouldConvertCountersGaugesAndUpDownCounters() {
        // When
        List<MetricPoint> points = convert(payload.protobuf()).records();

        // Then
        assertThat(only(points, "http.server.requests")).satisfies(p -> {
            assertThat(p.kind()).isEqualTo(MetricKind.COUNTER);
            assertThat(p.value()).isEqualTo(7.0);
            assertThat(p.unit()).isEqualTo("{request}");
            assertThat(p.tags()).isEqualTo(RESOURCE.with("route", "/valve"));
            assertThat(p.timestampUnixNanos()).isEqualTo(sdkEpochNanos("http.server.requests"));
            assertThat(p.exemplarTraceId().toHex()).isEqualTo(payload.exemplarSpan().getSpanContext().getTraceId());
        });
        assertThat(only(points, "queue.depth")).satisfies(p -> {
            assertThat(p.kind()).isEqualTo(MetricKind.GAUGE);
            assertThat(p.value()).isEqualTo(3.0);
            assertThat(p.tags()).isEqualTo(RESOURCE);
            assertThat(p.exemplarTraceId()).isEqualTo(Id.EMPTY);
        });
        assertThat(only(points, "pump.temperature")).satisfies(p -> {
            assertThat(p.kind()).isEqualTo(MetricKind.GAUGE);
            assertThat(p.value()).isEqualTo(21.5);
            assertThat(p.unit()).isEqualTo("Cel");
            assertThat(p.tags()).isEqualTo(RESOURCE.with("pump", "p1"));
        });
    }

    @Test
    void shouldConvertAnExplicitBucketHistogramLikePrometheus() {
        // When
        List<MetricPoint> points = convert(payload.protobuf()).records();

        // Then: 1, 2, 7, 50, 500 in buckets (..5], (5..10], (10..100], (100..)
        List<MetricPoint> buckets = named(points, "rpc.duration_bucket");
        assertThat(buckets).extracting(p -> p.tags().get("le")).containsExactly("5", "10", "100", "+Inf");
        assertThat(buckets).extracting(MetricPoint::value).containsExactly(2.0, 3.0, 4.0, 5.0);
        assertThat(buckets).allSatisfy(b -> {
            assertThat(b.kind()).isEqualTo(MetricKind.HISTOGRAM_BUCKET);
            assertThat(b.unit()).isEqualTo("ms");
            assertThat(b.tags().without("le")).isEqualTo(RESOURCE);
        });
        String exemplarTrace = payload.exemplarSpan().getSpanContext().getTraceId();
        assertThat(buckets).extracting(b -> b.exemplarTraceId().toHex())
                .as("the exemplar of 50 belongs to the bucket (10, 100] only").containsExactly("", "", exemplarTrace, "");
        assertThat(only(points, "rpc.duration_sum")).satisfies(p -> {
            assertThat(p.value()).isEqualTo(Arrays.stream(SdkPayloads.LATENCIES).sum());
            assertThat(p.kind()).isEqualTo(MetricKind.HISTOGRAM_SUM);
        });
        assertThat(only(points, "rpc.duration_count")).satisfies(p -> {
            assertThat(p.value()).isEqualTo(5.0);
            assertThat(p.kind()).isEqualTo(MetricKind.HISTOGRAM_COUNT);
            assertThat(p.tags()).isEqualTo(RESOURCE);
        });
    }

    @Test
    void shouldConvertAnExponentialHistogramToCumulativeBucketsAtPowersOfTwo() {
        // When
        List<MetricPoint> points = convert(payload.protobuf()).records();

        // Then: 0, 2, 3, 3, 100 counted in the zero bucket and in (1, 2], (2, 4], (64, 128], whatever scale the SDK
        // chose; every bucket counts exactly the recorded values at or below its bound
        List<MetricPoint> buckets = named(points, "payload.size_bucket");
        assertThat(buckets).extracting(b -> b.tags().get("le"))
                .containsExactly("0", "2", "4", "8", "16", "32", "64", "128", "+Inf");
        assertThat(buckets).extracting(MetricPoint::value).containsExactly(1.0, 2.0, 4.0, 4.0, 4.0, 4.0, 4.0, 5.0, 5.0);
        for (MetricPoint b : buckets) {
            double le = Double.parseDouble(b.tags().get("le").replace("Inf", "Infinity"));
            assertThat(b.value()).as("le=%s", le).isEqualTo(Arrays.stream(SdkPayloads.PAYLOAD_SIZES).filter(v -> v <= le).count());
            assertThat(b.kind()).isEqualTo(MetricKind.HISTOGRAM_BUCKET);
            assertThat(b.unit()).isEqualTo("By");
        }
        assertThat(only(points, "payload.size_count").value()).isEqualTo(5.0);
        assertThat(only(points, "payload.size_sum").value()).isEqualTo(108.0);
        assertThat(payload.metrics()).filteredOn(m -> m.getName().equals("payload.size")).singleElement()
                .satisfies(m -> assertThat(m.getExponentialHistogramData().getPoints().iterator().next().getScale())
                        .as("the SDK's own scale is finer than powers of two").isPositive());
    }

    @Test
    void shouldTagDeltaTemporalityAndKeepMonotonicDeltaSumsAsCounters() {
        // When
        List<MetricPoint> points = convert(payload.deltaProtobuf()).records();

        // Then
        assertThat(only(points, "http.server.requests")).satisfies(p -> {
            assertThat(p.kind()).isEqualTo(MetricKind.COUNTER);
            assertThat(p.value()).isEqualTo(7.0);
            assertThat(p.tags()).isEqualTo(RESOURCE.with("route", "/valve").with("temporality", "delta"));
        });
        assertThat(named(points, "rpc.duration_bucket")).allSatisfy(b ->
                assertThat(b.tags()).containsEntry("temporality", "delta"));
        assertThat(only(points, "pump.temperature").tags()).doesNotContainKey("temporality");
    }

    @Test
    void shouldProducePointsTheValidatorAccepts() {
        // When
        List<MetricPoint> points = convert(payload.protobuf()).records();

        // Then
        Validator validator = Validator.withDefaults();
        assertThat(points).allSatisfy(p -> assertThat(validator.validate(p)).isEmpty());
    }

    @Test
    void shouldRejectAndCountPointsWithoutValuesOrWithInconsistentBuckets() {
        // Given: the SDK's request with a counter point flagged "no recorded value", a gauge point whose value was
        // removed, and histogram buckets that no longer add up to the count
        ExportMetricsServiceRequest.Builder b = OtlpRequests.metrics(payload.protobuf(), OtlpEncoding.PROTOBUF).toBuilder();
        for (Metric.Builder m : b.getResourceMetricsBuilder(0).getScopeMetricsBuilder(0).getMetricsBuilderList()) {
            switch (m.getName()) {
                case "http.server.requests" -> m.getSumBuilder().getDataPointsBuilder(0)
                        .setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE);
                case "pump.temperature" -> m.getGaugeBuilder().getDataPointsBuilder(0).clearValue();
                case "rpc.duration" -> m.getHistogramBuilder().getDataPointsBuilder(0).setCount(6);
                default -> { }
            }
        }

        // When
        Conversion<MetricPoint> c = OtlpMetrics.convert(b.build(), RECEIVED);

        // Then
        assertThat(c.rejected()).isEqualTo(3);
        assertThat(c.rejectedByReason()).containsOnly(
                entry("data points flagged as having no recorded value", 1L),
                entry("number data points without a value", 1L),
                entry("histogram data points whose bucket counts do not add up to their count", 1L));
        assertThat(c.records()).extracting(MetricPoint::name)
                .doesNotContain("http.server.requests", "pump.temperature", "rpc.duration_bucket", "rpc.duration_count")
                .contains("queue.depth", "payload.size_count");
    }

    @Test
    void shouldTakeTheStartTimeOrTheReceiveTimeWhenAPointHasNoTime() {
        // Given
        ExportMetricsServiceRequest.Builder b = OtlpRequests.metrics(payload.protobuf(), OtlpEncoding.PROTOBUF).toBuilder();
        long start = 0;
        for (Metric.Builder m : b.getResourceMetricsBuilder(0).getScopeMetricsBuilder(0).getMetricsBuilderList()) {
            if (m.getName().equals("queue.depth")) {
                start = m.getSumBuilder().getDataPointsBuilder(0).getStartTimeUnixNano();
                m.getSumBuilder().getDataPointsBuilder(0).setTimeUnixNano(0);
            } else if (m.getName().equals("pump.temperature")) {
                m.getGaugeBuilder().getDataPointsBuilder(0).setTimeUnixNano(0).setStartTimeUnixNano(0);
            }
        }

        // When
        List<MetricPoint> points = OtlpMetrics.convert(b.build(), RECEIVED).records();

        // Then
        assertThat(only(points, "queue.depth").timestampUnixNanos()).isEqualTo(start);
        assertThat(only(points, "pump.temperature").timestampUnixNanos()).isEqualTo(RECEIVED);
    }

    @Test
    void shouldConvertASummaryToQuantilesSumAndCount() {
        // Given: the SDK does not make summaries, so this one is built like a collector's Prometheus receiver does
        var point = io.opentelemetry.proto.metrics.v1.SummaryDataPoint.newBuilder()
                .setTimeUnixNano(RECEIVED).setCount(10).setSum(4.5)
                .addQuantileValues(q(0.5, 0.25)).addQuantileValues(q(0.99, Double.NaN));
        Metric.Builder summary = Metric.newBuilder().setName("gc.pause").setUnit("s")
                .setSummary(io.opentelemetry.proto.metrics.v1.Summary.newBuilder().addDataPoints(point));

        // When
        List<MetricPoint> points = OtlpMetrics.convert(request(summary), RECEIVED).records();

        // Then
        assertThat(points).containsExactly(
                new MetricPoint("gc.pause", 0.25, "s", RECEIVED, Tags.of("quantile", "0.5"), MetricKind.SUMMARY_QUANTILE, Id.EMPTY),
                new MetricPoint("gc.pause", Double.NaN, "s", RECEIVED, Tags.of("quantile", "0.99"), MetricKind.SUMMARY_QUANTILE, Id.EMPTY),
                new MetricPoint("gc.pause_sum", 4.5, "s", RECEIVED, Tags.EMPTY, MetricKind.SUMMARY_SUM, Id.EMPTY),
                new MetricPoint("gc.pause_count", 10, "s", RECEIVED, Tags.EMPTY, MetricKind.SUMMARY_COUNT, Id.EMPTY));
    }

    @Test
    void shouldMergeNegativeZeroAndPositiveExponentialBucketsInOrder() {
        // Given: what the SDK never sends (negative values), as another OTLP sender could: at scale 1, negative
        // buckets 0 and 1 (|v| in (1, 2]), a zero bucket up to 0.5, positive buckets -2..1 (v in (0.5, 2])
        var point = ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(RECEIVED).setScale(1).setCount(8)
                .setZeroCount(1).setZeroThreshold(0.5)
                .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(0).addBucketCounts(1).addBucketCounts(2))
                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-2)
                        .addBucketCounts(1).addBucketCounts(1).addBucketCounts(1).addBucketCounts(1));

        // When
        List<MetricPoint> points = OtlpMetrics.convert(request(Metric.newBuilder().setName("skew")
                .setExponentialHistogram(ExponentialHistogram.newBuilder().addDataPoints(point))), RECEIVED).records();

        // Then
        assertThat(points).extracting(p -> p.name() + "{le=" + p.tags().get("le") + "} " + p.value()).containsExactly(
                "skew_bucket{le=-1} 3.0", "skew_bucket{le=0.5} 4.0", "skew_bucket{le=1} 6.0", "skew_bucket{le=2} 8.0",
                "skew_bucket{le=+Inf} 8.0", "skew_count{le=null} 8.0");
    }

    @Test
    void shouldRejectHistogramPointsWhoseBucketsMakeNoSense() {
        // Given
        var notIncreasing = HistogramDataPoint.newBuilder().setCount(2).addExplicitBounds(10).addExplicitBounds(5)
                .addBucketCounts(1).addBucketCounts(1).addBucketCounts(0);
        var tooFewCounts = HistogramDataPoint.newBuilder().setCount(2).addExplicitBounds(10).addBucketCounts(2);
        var noBuckets = HistogramDataPoint.newBuilder().setCount(2).setSum(3).addExplicitBounds(10);
        var badScale = ExponentialHistogramDataPoint.newBuilder().setScale(21).setCount(0);

        // When
        Conversion<MetricPoint> c = OtlpMetrics.convert(request(
                Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder()
                        .addDataPoints(notIncreasing).addDataPoints(tooFewCounts).addDataPoints(noBuckets)),
                Metric.newBuilder().setName("e").setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .addDataPoints(badScale))), RECEIVED);

        // Then: a point with no buckets at all is fine: just le="+Inf", sum and count
        assertThat(c.records()).extracting(p -> p.name() + " " + p.value())
                .containsExactly("h_bucket 2.0", "h_sum 3.0", "h_count 2.0");
        assertThat(c.rejectedByReason()).containsOnly(
                entry("histogram data points whose bounds are not increasing", 1L),
                entry("histogram data points whose number of bucket counts is not the number of bounds plus one", 1L),
                entry("exponential histogram data points with a scale outside -10..20", 1L));
        assertThat(c.errorMessage()).contains("1 histogram data points whose bounds are not increasing");
    }

    private static ExportMetricsServiceRequest request(Metric.Builder... metrics) {
        var scope = ScopeMetrics.newBuilder();
        for (Metric.Builder m : metrics) {
            scope.addMetrics(m);
        }
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(scope)).build();
    }

    private static io.opentelemetry.proto.metrics.v1.SummaryDataPoint.ValueAtQuantile q(double quantile, double value) {
        return io.opentelemetry.proto.metrics.v1.SummaryDataPoint.ValueAtQuantile.newBuilder()
                .setQuantile(quantile).setValue(value).build();
    }

    private long sdkEpochNanos(String name) {
        return payload.metrics().stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow()
                .getData().getPoints().iterator().next().getEpochNanos();
    }

    private static Conversion<MetricPoint> convert(byte[] protobuf) {
        Conversion<MetricPoint> c = OtlpMetrics.convert(OtlpRequests.metrics(protobuf, OtlpEncoding.PROTOBUF), RECEIVED);
        assertThat(c.rejected()).isZero();
        return c;
    }

    static List<MetricPoint> named(List<MetricPoint> points, String name) {
        return points.stream().filter(p -> p.name().equals(name)).toList();
    }

    static MetricPoint only(List<MetricPoint> points, String name) {
        List<MetricPoint> named = named(points, name);
        assertThat(named).as(name).hasSize(1);
        return named.get(0);
    }
}

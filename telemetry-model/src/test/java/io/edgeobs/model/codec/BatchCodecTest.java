package io.edgeobs.model.codec;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Envelope;
import io.edgeobs.model.Fields;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanEvent;
import io.edgeobs.model.SpanKind;
import io.edgeobs.model.SpanStatus;
import io.edgeobs.model.Tags;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchCodecTest {

    private static final long T = 1_764_000_000_000_000_000L;
    private static final Resource DEVICE = new Resource("acme", "pumps", "dev-1", "rpi4", "0.1.0", Tags.of("site", "north"));

    @Test
    void shouldRoundTripAMetricsBatchWithEnvelope() {
        // Given
        Batch batch = Batch.ofMetrics(DEVICE, 42, List.of(
                MetricPoint.builder("cpu_seconds_total").value(12.5).unit("seconds").timestampUnixNanos(T)
                        .tag("cpu", "0").tag("mode", "idle").kind(MetricKind.COUNTER).build(),
                MetricPoint.builder("rpc_seconds_bucket").value(3).timestampUnixNanos(T).tag("le", "+Inf")
                        .kind(MetricKind.HISTOGRAM_BUCKET).exemplarTraceId(Id.traceId(1, 2)).build()))
                .withEnvelope(new Envelope("gw-1", "eu-west", T + 5));

        // When
        byte[] bytes = BatchCodec.encode(batch);
        Batch decoded = BatchCodec.decode(bytes);

        // Then
        assertThat(decoded).isEqualTo(batch);
        assertThat(decoded.metrics().get(0).tags()).containsExactly(Map.entry("cpu", "0"), Map.entry("mode", "idle"));
        assertThat(decoded.envelope().region()).isEqualTo("eu-west");
        assertThat(decoded.metrics().get(1).exemplarTraceId().toHex()).isEqualTo("00000000000000010000000000000002");
    }

    @Test
    void shouldRoundTripSpansAndLogs() {
        // Given
        Span span = Span.builder().traceId(Id.traceId(7, 8)).spanId(Id.spanId(9)).parentSpanId(Id.spanId(3))
                .service("pump-ctl").operation("GET /valve").kind(SpanKind.SERVER).startUnixNanos(T)
                .durationNanos(1_500_000).status(SpanStatus.error("timeout")).tag("http.status_code", "504")
                .event(new SpanEvent(T + 10, "retry", Tags.of("attempt", "2"))).build();
        LogRecord log = new LogRecord(T, LogLevel.WARN, "valve slow",
                Fields.of("valve", 3, "pressure", 1.5, "tags", List.of("a", "b"), "nested", Map.of("x", true),
                        "missing", null), Id.traceId(7, 8), Id.spanId(9));

        // When
        Batch spans = BatchCodec.decode(BatchCodec.encode(Batch.ofSpans(DEVICE, 1, List.of(span))));
        Batch logs = BatchCodec.decode(BatchCodec.encode(Batch.ofLogs(DEVICE, 2, List.of(log))));

        // Then
        assertThat(spans.spans()).containsExactly(span);
        assertThat(spans.spans().get(0).durationMillis()).isEqualTo(1);
        assertThat(logs.logs()).containsExactly(log);
        assertThat(logs.logs().get(0).fields()).containsEntry("valve", 3L).containsEntry("missing", null)
                .containsEntry("nested", Map.of("x", true));
    }

    @Test
    void shouldGiveTheSameContentIdForTheSameLogicalBatch() {
        // Given two batches built from differently ordered maps
        Map<String, String> hashed = new HashMap<>(Map.of("b", "2", "a", "1", "c", "3"));
        Map<String, String> sorted = new TreeMap<>(Map.of("c", "3", "a", "1", "b", "2"));
        Batch one = Batch.ofMetrics(DEVICE, 1, List.of(MetricPoint.gauge("temp", 21.5, T, Tags.copyOf(hashed))));
        Batch two = Batch.ofMetrics(DEVICE, 1, List.of(MetricPoint.gauge("temp", 21.5, T, Tags.copyOf(sorted))));

        // When / Then
        assertThat(BatchCodec.encode(one)).isEqualTo(BatchCodec.encode(two));
        assertThat(BatchCodec.contentId(one)).isEqualTo(BatchCodec.contentId(two)).matches("[0-9a-f]{64}");
        assertThat(BatchCodec.contentId(one.withRecords(List.of(MetricPoint.gauge("temp", 21.6, T, Tags.copyOf(hashed))))))
                .isNotEqualTo(BatchCodec.contentId(one));
    }

    @Test
    void shouldRefuseBytesThatAreNotABatch() {
        assertThatThrownBy(() -> BatchCodec.decode(new byte[0])).isInstanceOf(DecodeException.class)
                .hasMessageContaining("empty input");
        assertThatThrownBy(() -> BatchCodec.decode(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}))
                .isInstanceOf(DecodeException.class).hasMessageContaining("not a valid protobuf edgeobs.v1.Batch");
    }

    @Test
    void shouldRefuseABatchWithoutRecords() {
        // Given a batch message whose records oneof is not set
        byte[] bytes = io.edgeobs.model.proto.Batch.newBuilder().setBatchSeq(5)
                .setResource(ProtoMapper.toProto(DEVICE)).build().toByteArray();

        // When / Then
        assertThatThrownBy(() -> BatchCodec.decode(bytes)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("batch 5 carries no records");
    }

    @Test
    void shouldRefuseRepeatedTagKeysOnTheWire() {
        // Given
        var point = io.edgeobs.model.proto.MetricPoint.newBuilder().setName("x").setKindValue(1)
                .addTags(io.edgeobs.model.proto.Tag.newBuilder().setKey("a").setValue("1"))
                .addTags(io.edgeobs.model.proto.Tag.newBuilder().setKey("a").setValue("2"));
        byte[] bytes = io.edgeobs.model.proto.Batch.newBuilder()
                .setMetrics(io.edgeobs.model.proto.MetricPoints.newBuilder().addPoints(point)).build().toByteArray();

        // When / Then
        assertThatThrownBy(() -> BatchCodec.decode(bytes)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("metric point 'x' repeats a tag key");
    }

    @Test
    void shouldProduceBytesTheGeneratedParserReadsBack() {
        // Given
        Batch batch = Batch.ofMetrics(DEVICE, 3, List.of(MetricPoint.gauge("temp", 21.5, T, Tags.of("room", "a"))));

        // When
        io.edgeobs.model.proto.Batch parsed = BatchCodec.parse(BatchCodec.encode(batch), 0, BatchCodec.encode(batch).length);

        // Then
        assertThat(parsed.getResource().getDeviceId()).isEqualTo("dev-1");
        assertThat(parsed.getMetrics().getPoints(0).getTags(0).getKey()).isEqualTo("room");
        assertThat(parsed.getMetrics().getPoints(0).getKind()).isEqualTo(io.edgeobs.model.proto.MetricKind.METRIC_KIND_GAUGE);
    }
}

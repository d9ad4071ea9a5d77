package io.edgeobs.model.convert.otlp;

import io.edgeobs.model.Batch;
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

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** edgeobs batches to OTLP and back through the OTLP converters: what an OTLP backend receives is the same data. */
class ToOtlpTest {

    private static final long T = 1_764_000_000_000_000_000L;
    private static final Resource DEVICE = Resource.device("dev-1", "rpi4", "0.1.0");

    @Test
    void shouldSendSpansThatReadBackTheSame() {
        Span span = Span.builder().traceId(Id.traceId(1, 2)).spanId(Id.spanId(3)).parentSpanId(Id.spanId(4))
                .service("pump-ctl").operation("read valve").kind(SpanKind.CLIENT).startUnixNanos(T).durationNanos(5_000)
                .status(SpanStatus.error("timeout")).tag("valve", "3")
                .event(new SpanEvent(T + 10, "retry", Tags.of("attempt", "2"))).build();

        Span back = OtlpTraces.convert(ToOtlp.traces(Batch.ofSpans(DEVICE, 1, List.of(span)))).records().get(0);

        assertThat(back.traceId()).isEqualTo(span.traceId());
        assertThat(back.parentSpanId()).isEqualTo(span.parentSpanId());
        assertThat(back.service()).isEqualTo("pump-ctl");
        assertThat(back.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(back.durationNanos()).isEqualTo(5_000);
        assertThat(back.status()).isEqualTo(SpanStatus.error("timeout"));
        assertThat(back.events()).isEqualTo(span.events());
        assertThat(back.tags()).containsEntry("valve", "3").containsEntry("device.id", "dev-1");
    }

    @Test
    void shouldSendCountersAsMonotonicSumsAndTheRestAsGauges() {
        List<MetricPoint> points = List.of(MetricPoint.counter("starts_total", 7, T, Tags.of("pump", "p1")),
                new MetricPoint("lat_bucket", 3, "s", T, Tags.of("le", "0.5"), MetricKind.HISTOGRAM_BUCKET, Id.EMPTY));

        var back = OtlpMetrics.convert(ToOtlp.metrics(Batch.ofMetrics(DEVICE, 1, points)), T).records();

        assertThat(back).extracting(MetricPoint::name, MetricPoint::kind, MetricPoint::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("starts_total", MetricKind.COUNTER, 7.0),
                org.assertj.core.groups.Tuple.tuple("lat_bucket", MetricKind.GAUGE, 3.0));
        assertThat(back.get(0).tags()).containsEntry("pump", "p1").containsEntry("device.id", "dev-1");
        assertThat(back.get(1).unit()).isEqualTo("s");
    }

    @Test
    void shouldSendLogsWithLevelBodyFieldsAndCorrelation() {
        LogRecord log = new LogRecord(T, LogLevel.WARN, "valve slow", Fields.of("valve", 3, "ok", false,
                "ctx", java.util.Map.of("site", "north")), Id.traceId(1, 2), Id.spanId(3));

        LogRecord back = OtlpLogs.convert(ToOtlp.logs(Batch.ofLogs(DEVICE, 1, List.of(log))), T).records().get(0);

        assertThat(back.level()).isEqualTo(LogLevel.WARN);
        assertThat(back.message()).isEqualTo("valve slow");
        assertThat(back.traceId()).isEqualTo(log.traceId());
        assertThat(back.fields()).containsEntry("valve", 3L).containsEntry("ok", false)
                .containsEntry("ctx", java.util.Map.of("site", "north"));
    }
}

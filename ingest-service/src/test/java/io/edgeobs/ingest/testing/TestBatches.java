package io.edgeobs.ingest.testing;

import io.edgeobs.ingest.decode.IncomingBatch;
import io.edgeobs.ingest.decode.LedgerKey;
import io.edgeobs.ingest.decode.SourcePosition;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Envelope;
import io.edgeobs.model.Fields;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanEvent;
import io.edgeobs.model.SpanKind;
import io.edgeobs.model.SpanStatus;
import io.edgeobs.model.Tags;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Batches as a gateway forwards them: tenant, fleet and envelope set. */
public final class TestBatches {

    private TestBatches() {
    }

    public static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    public static Resource resource(String tenant, String device) {
        return new Resource(tenant, "fleet-a", device, "rpi4", "0.1.0", Tags.of("site", "lab"));
    }

    public static Envelope envelope(Instant receivedAt) {
        return new Envelope("gw-1", "eu-west", nanos(receivedAt));
    }

    /**
     * {@code points} gauge points of series {@code metric} with tag {@code n} = 0..series-1, one point per series
     * per second from {@code start}, values {@code seq * 1000 + i}.
     */
    public static Batch metrics(String tenant, String device, long seq, Instant start, int points, int series) {
        List<MetricPoint> list = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            list.add(MetricPoint.builder("test_metric").value(seq * 1000 + i).unit("celsius")
                    .timestampUnixNanos(nanos(start.plusSeconds(i / series))).tag("n", Integer.toString(i % series))
                    .tag("host", device).build());
        }
        return new Batch(resource(tenant, device), seq, io.edgeobs.model.Signal.METRICS, list, envelope(start));
    }

    public static Batch metrics(String tenant, String device, long seq, Instant start, List<MetricPoint> points) {
        return new Batch(resource(tenant, device), seq, io.edgeobs.model.Signal.METRICS, points, envelope(start));
    }

    public static Span span(long traceLow, long spanId, Instant start, String operation, long durationMillis) {
        return Span.builder().traceId(Id.traceId(0x0af7651916cd43ddL, traceLow)).spanId(Id.spanId(spanId))
                .service("checkout").operation(operation).kind(SpanKind.SERVER).startUnixNanos(nanos(start))
                .durationNanos(durationMillis * 1_000_000L).status(SpanStatus.error("timeout"))
                .tag("http.method", "GET").tag("http.status_code", "504")
                .event(new SpanEvent(nanos(start) + 1000, "retry", Tags.of("attempt", "2"))).build();
    }

    public static Batch spans(String tenant, String device, long seq, Instant start, int count) {
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            spans.add(span(seq * 1000 + i, seq * 1000 + i + 1, start.plusMillis(i), "GET /cart/" + (i % 3), 10 + i));
        }
        return new Batch(resource(tenant, device), seq, io.edgeobs.model.Signal.SPANS, spans, envelope(start));
    }

    public static Batch logs(String tenant, String device, long seq, Instant start, int count) {
        List<LogRecord> logs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            logs.add(new LogRecord(nanos(start.plusMillis(i)), i % 2 == 0 ? LogLevel.WARN : LogLevel.INFO,
                    "disk almost full on /dev/sda" + i, Fields.of("disk", "sda", "used_pct", 91 + i % 5,
                    "labels", Fields.of("env", "prod")), Id.EMPTY, Id.EMPTY));
        }
        return new Batch(resource(tenant, device), seq, io.edgeobs.model.Signal.LOGS, logs, envelope(start));
    }

    /** The batches as a poll delivers them: keyed by their sequence, each at an offset equal to it. */
    public static List<IncomingBatch> incoming(List<Batch> batches) {
        return batches.stream().map(b -> new IncomingBatch(b, LedgerKey.bySeq(b.resource().tenant(),
                b.resource().deviceId(), b.signal(), b.batchSeq()), new SourcePosition("edgeobs.metrics", 0, b.batchSeq()),
                1, List.of(), List.of(), 0)).toList();
    }
}

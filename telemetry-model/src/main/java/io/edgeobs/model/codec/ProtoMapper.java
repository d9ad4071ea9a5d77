package io.edgeobs.model.codec;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Envelope;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanEvent;
import io.edgeobs.model.SpanKind;
import io.edgeobs.model.SpanLink;
import io.edgeobs.model.SpanStatus;
import io.edgeobs.model.Tags;
import io.edgeobs.model.TelemetryRecord;
import io.edgeobs.model.proto.LogRecords;
import io.edgeobs.model.proto.MetricPoints;
import io.edgeobs.model.proto.Spans;
import io.edgeobs.model.proto.StatusCode;
import io.edgeobs.model.proto.Tag;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps the Java model to the generated protobuf messages and back. Tags come out of {@link Tags} already
 * sorted, so the messages are deterministic by construction; structured fields are mapped by {@link FieldsMapper}.
 */
public final class ProtoMapper {

    private ProtoMapper() {
    }

    // ------------------------------------------------------------------------------------------- to proto

    public static io.edgeobs.model.proto.Batch toProto(Batch batch) {
        var b = io.edgeobs.model.proto.Batch.newBuilder()
                .setResource(toProto(batch.resource()))
                .setBatchSeq(batch.batchSeq());
        switch (batch.signal()) {
            case METRICS -> {
                var points = MetricPoints.newBuilder();
                for (MetricPoint p : batch.metrics()) {
                    points.addPoints(toProto(p));
                }
                b.setMetrics(points);
            }
            case SPANS -> {
                var spans = Spans.newBuilder();
                for (Span s : batch.spans()) {
                    spans.addSpans(toProto(s));
                }
                b.setSpans(spans);
            }
            case LOGS -> {
                var logs = LogRecords.newBuilder();
                for (LogRecord r : batch.logs()) {
                    logs.addRecords(toProto(r));
                }
                b.setLogs(logs);
            }
        }
        if (batch.envelope() != null) {
            Envelope e = batch.envelope();
            b.setEnvelope(io.edgeobs.model.proto.Envelope.newBuilder()
                    .setGatewayId(e.gatewayId())
                    .setRegion(e.region())
                    .setReceivedAtUnixNanos(e.receivedAtUnixNanos()));
        }
        return b.build();
    }

    public static io.edgeobs.model.proto.Resource toProto(Resource r) {
        var b = io.edgeobs.model.proto.Resource.newBuilder()
                .setTenant(r.tenant())
                .setFleet(r.fleet())
                .setDeviceId(r.deviceId())
                .setDeviceType(r.deviceType())
                .setAgentVersion(r.agentVersion());
        for (int i = 0; i < r.tags().size(); i++) {
            b.addTags(tag(r.tags(), i));
        }
        return b.build();
    }

    public static io.edgeobs.model.proto.MetricPoint toProto(MetricPoint p) {
        var b = io.edgeobs.model.proto.MetricPoint.newBuilder()
                .setName(p.name())
                .setValue(p.value())
                .setUnit(p.unit())
                .setTimestampUnixNanos(p.timestampUnixNanos())
                .setKindValue(p.kind().ordinal() + 1)
                .setExemplarTraceId(p.exemplarTraceId().toByteString());
        Tags tags = p.tags();
        for (int i = 0; i < tags.size(); i++) {
            b.addTags(tag(tags, i));
        }
        return b.build();
    }

    public static io.edgeobs.model.proto.Span toProto(Span s) {
        var b = io.edgeobs.model.proto.Span.newBuilder()
                .setTraceId(s.traceId().toByteString())
                .setSpanId(s.spanId().toByteString())
                .setParentSpanId(s.parentSpanId().toByteString())
                .setService(s.service())
                .setOperation(s.operation())
                .setKindValue(s.kind().ordinal())
                .setStartUnixNanos(s.startUnixNanos())
                .setDurationNanos(s.durationNanos());
        if (s.status().code() != SpanStatus.Code.UNSET || !s.status().message().isEmpty()) {
            b.setStatus(io.edgeobs.model.proto.SpanStatus.newBuilder()
                    .setCodeValue(s.status().code().ordinal())
                    .setMessage(s.status().message()));
        }
        for (int i = 0; i < s.tags().size(); i++) {
            b.addTags(tag(s.tags(), i));
        }
        for (SpanEvent e : s.events()) {
            var eb = io.edgeobs.model.proto.SpanEvent.newBuilder().setTimeUnixNanos(e.timeUnixNanos()).setName(e.name());
            for (int i = 0; i < e.tags().size(); i++) {
                eb.addTags(tag(e.tags(), i));
            }
            b.addEvents(eb);
        }
        for (SpanLink l : s.links()) {
            var lb = io.edgeobs.model.proto.SpanLink.newBuilder()
                    .setTraceId(l.traceId().toByteString())
                    .setSpanId(l.spanId().toByteString());
            for (int i = 0; i < l.tags().size(); i++) {
                lb.addTags(tag(l.tags(), i));
            }
            b.addLinks(lb);
        }
        return b.build();
    }

    public static io.edgeobs.model.proto.LogRecord toProto(LogRecord r) {
        var b = io.edgeobs.model.proto.LogRecord.newBuilder()
                .setTimestampUnixNanos(r.timestampUnixNanos())
                .setLevelValue(r.level().ordinal())
                .setMessage(r.message())
                .setTraceId(r.traceId().toByteString())
                .setSpanId(r.spanId().toByteString());
        if (!r.fields().isEmpty()) {
            b.setFields(FieldsMapper.toProto(r.fields()));
        }
        return b.build();
    }

    private static Tag tag(Tags tags, int i) {
        return Tag.newBuilder().setKey(tags.keyAt(i)).setValue(tags.valueAt(i)).build();
    }

    // ----------------------------------------------------------------------------------------- from proto

    public static Batch fromProto(io.edgeobs.model.proto.Batch b) {
        Signal signal;
        List<TelemetryRecord> records = new ArrayList<>();
        switch (b.getRecordsCase()) {
            case METRICS -> {
                signal = Signal.METRICS;
                for (var p : b.getMetrics().getPointsList()) {
                    records.add(fromProto(p));
                }
            }
            case SPANS -> {
                signal = Signal.SPANS;
                for (var s : b.getSpans().getSpansList()) {
                    records.add(fromProto(s));
                }
            }
            case LOGS -> {
                signal = Signal.LOGS;
                for (var r : b.getLogs().getRecordsList()) {
                    records.add(fromProto(r));
                }
            }
            default -> throw new DecodeException("batch " + b.getBatchSeq() + " carries no records: "
                    + "exactly one of metrics, spans or logs must be set");
        }
        if (b.getBatchSeq() < 0) {
            throw new DecodeException("batch_seq " + Long.toUnsignedString(b.getBatchSeq())
                    + " is larger than 2^63-1");
        }
        Envelope envelope = null;
        if (b.hasEnvelope()) {
            var e = b.getEnvelope();
            envelope = new Envelope(e.getGatewayId(), e.getRegion(), e.getReceivedAtUnixNanos());
        }
        return new Batch(fromProto(b.getResource()), b.getBatchSeq(), signal, records, envelope);
    }

    public static Resource fromProto(io.edgeobs.model.proto.Resource r) {
        return new Resource(r.getTenant(), r.getFleet(), r.getDeviceId(), r.getDeviceType(), r.getAgentVersion(),
                tags(r.getTagsList(), "resource"));
    }

    public static MetricPoint fromProto(io.edgeobs.model.proto.MetricPoint p) {
        int kind = p.getKindValue();
        if (kind < 1 || kind > METRIC_KINDS.length) {
            throw new DecodeException("metric point '" + p.getName() + "' has unknown kind " + kind);
        }
        // the owner's description is only built when the tags are wrong: this runs once per point
        return new MetricPoint(p.getName(), p.getValue(), p.getUnit(), p.getTimestampUnixNanos(),
                tags(p.getTagsList(), "metric point '", p.getName()), METRIC_KINDS[kind - 1],
                Id.of(p.getExemplarTraceId()));
    }

    public static Span fromProto(io.edgeobs.model.proto.Span s) {
        String what = "span '" + s.getOperation() + "'";
        List<SpanEvent> events = new ArrayList<>(s.getEventsCount());
        for (var e : s.getEventsList()) {
            events.add(new SpanEvent(e.getTimeUnixNanos(), e.getName(), tags(e.getTagsList(), what + " event")));
        }
        List<SpanLink> links = new ArrayList<>(s.getLinksCount());
        for (var l : s.getLinksList()) {
            links.add(new SpanLink(Id.of(l.getTraceId()), Id.of(l.getSpanId()), tags(l.getTagsList(), what + " link")));
        }
        if (s.getDurationNanos() < 0) {
            throw new DecodeException(what + " has a duration beyond 2^63-1 nanoseconds");
        }
        return new Span(Id.of(s.getTraceId()), Id.of(s.getSpanId()), Id.of(s.getParentSpanId()), s.getService(),
                s.getOperation(), enumValue(SpanKind.values(), s.getKindValue(), what + " kind"),
                s.getStartUnixNanos(), s.getDurationNanos(), status(s.getStatus(), what),
                tags(s.getTagsList(), what), events, links);
    }

    public static LogRecord fromProto(io.edgeobs.model.proto.LogRecord r) {
        return new LogRecord(r.getTimestampUnixNanos(),
                enumValue(LogLevel.values(), r.getLevelValue(), "log level"), r.getMessage(),
                FieldsMapper.fromProto(r.getFields()), Id.of(r.getTraceId()), Id.of(r.getSpanId()));
    }

    private static SpanStatus status(io.edgeobs.model.proto.SpanStatus s, String what) {
        if (s.getCodeValue() == StatusCode.STATUS_CODE_UNSET_VALUE && s.getMessage().isEmpty()) {
            return SpanStatus.UNSET;
        }
        return new SpanStatus(enumValue(SpanStatus.Code.values(), s.getCodeValue(), what + " status"), s.getMessage());
    }

    private static <E extends Enum<E>> E enumValue(E[] values, int number, String what) {
        if (number < 0 || number >= values.length) {
            throw new DecodeException(what + " has unknown value " + number);
        }
        return values[number];
    }

    private static final MetricKind[] METRIC_KINDS = MetricKind.values();
    /** Up to this many tags are sorted in place ({@link Tags#ofPairs}); more go through a sorted map. */
    private static final int SMALL_TAG_COUNT = 32;

    /** {@code owner} is {@code prefix + name + "'"}, built only for an error message. */
    private static Tags tags(List<Tag> tags, String prefix, String name) {
        if (tags.isEmpty()) {
            return Tags.EMPTY;
        }
        if (tags.size() > SMALL_TAG_COUNT) {
            return tags(tags, prefix + name + "'");
        }
        String[] kv = new String[2 * tags.size()];
        for (int i = 0; i < tags.size(); i++) {
            Tag t = tags.get(i);
            kv[2 * i] = t.getKey();
            kv[2 * i + 1] = t.getValue();
        }
        try {
            return Tags.ofPairs(kv, tags.size());
        } catch (IllegalArgumentException repeated) {
            return tags(tags, prefix + name + "'");
        }
    }

    private static Tags tags(List<Tag> tags, String owner) {
        int n = tags.size();
        if (n == 0) {
            return Tags.EMPTY;
        }
        String[] kv = new String[2 * n];
        for (int i = 0; i < n; i++) {
            Tag t = tags.get(i);
            kv[2 * i] = t.getKey();
            kv[2 * i + 1] = t.getValue();
        }
        try {
            return Tags.ofPairs(kv, n); // sorts without a map; writers send them sorted already
        } catch (IllegalArgumentException e) {
            throw new DecodeException(owner + " repeats a tag key: " + e.getMessage());
        }
    }
}

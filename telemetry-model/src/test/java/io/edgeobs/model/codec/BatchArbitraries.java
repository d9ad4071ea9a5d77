package io.edgeobs.model.codec;

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
import io.edgeobs.model.SpanLink;
import io.edgeobs.model.SpanStatus;
import io.edgeobs.model.Tags;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.List;
import java.util.Map;

/** Generators of arbitrary model values for property tests. */
final class BatchArbitraries {

    private BatchArbitraries() {
    }

    static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('_', '.', '-', 'é', '中', ' ').ofMaxLength(12);
    }

    static Arbitrary<Map<String, String>> tagMaps() {
        return Arbitraries.maps(text().filter(s -> !s.isEmpty()), text()).ofMaxSize(8);
    }

    static Arbitrary<Long> nanos() {
        return Arbitraries.longs().between(946_684_800_000_000_000L, 1_900_000_000_000_000_000L);
    }

    static Arbitrary<Id> ids(int length) {
        return Arbitraries.bytes().array(byte[].class).ofSize(length).map(Id::of);
    }

    static Arbitrary<Resource> resources() {
        return Combinators.combine(text(), text(), text(), text(), text(), tagMaps())
                .as((tenant, fleet, device, type, version, tags) ->
                        new Resource(tenant, fleet, device, type, version, Tags.copyOf(tags)));
    }

    static Arbitrary<MetricPoint> metricPoints() {
        Arbitrary<Double> values = Arbitraries.oneOf(Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0));
        Arbitrary<Id> exemplars = Arbitraries.oneOf(Arbitraries.just(Id.EMPTY), ids(16));
        return Combinators.combine(text(), values, text(), nanos(), tagMaps(), Arbitraries.of(MetricKind.class), exemplars)
                .as((name, value, unit, ts, tags, kind, exemplar) ->
                        new MetricPoint(name, value, unit, ts, Tags.copyOf(tags), kind, exemplar));
    }

    static Arbitrary<Span> spans() {
        Arbitrary<SpanStatus> statuses = Arbitraries.oneOf(Arbitraries.of(SpanStatus.UNSET, SpanStatus.OK),
                text().map(SpanStatus::error));
        Arbitrary<SpanEvent> events = Combinators.combine(nanos(), text(), tagMaps())
                .as((t, n, tags) -> new SpanEvent(t, n, Tags.copyOf(tags)));
        Arbitrary<SpanLink> links = Combinators.combine(ids(16), ids(8), tagMaps())
                .as((t, s, tags) -> new SpanLink(t, s, Tags.copyOf(tags)));
        Arbitrary<Id> parents = Arbitraries.oneOf(Arbitraries.just(Id.EMPTY), ids(8));
        return Combinators.combine(ids(16), ids(8), parents, text(), text(), Arbitraries.of(SpanKind.class), nanos(),
                        Arbitraries.longs().between(0, Long.MAX_VALUE))
                .flatAs((trace, span, parent, service, op, kind, start, duration) ->
                        Combinators.combine(statuses, tagMaps(), events.list().ofMaxSize(3), links.list().ofMaxSize(2))
                                .as((status, tags, ev, ln) -> new Span(trace, span, parent, service, op, kind, start,
                                        duration, status, Tags.copyOf(tags), ev, ln)));
    }

    static Arbitrary<Object> jsonValues(int depth) {
        Arbitrary<Object> leaves = Arbitraries.oneOf(text(), Arbitraries.longs(), Arbitraries.doubles(),
                Arbitraries.of(true, false), Arbitraries.just(null));
        if (depth == 0) {
            return leaves;
        }
        return Arbitraries.oneOf(leaves,
                jsonValues(depth - 1).list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(text(), jsonValues(depth - 1)).ofMaxSize(3).map(m -> (Object) m));
    }

    static Arbitrary<LogRecord> logRecords() {
        Arbitrary<Map<String, Object>> fields = Arbitraries.maps(text(), jsonValues(2)).ofMaxSize(5);
        Arbitrary<Id> traceIds = Arbitraries.oneOf(Arbitraries.just(Id.EMPTY), ids(16));
        Arbitrary<Id> spanIds = Arbitraries.oneOf(Arbitraries.just(Id.EMPTY), ids(8));
        return Combinators.combine(nanos(), Arbitraries.of(LogLevel.class), text(), fields, traceIds, spanIds)
                .as((ts, level, msg, f, trace, span) -> new LogRecord(ts, level, msg, Fields.copyOf(f), trace, span));
    }

    static Arbitrary<Batch> batches() {
        Arbitrary<Long> seqs = Arbitraries.longs().between(0, Long.MAX_VALUE);
        return Arbitraries.oneOf(
                Combinators.combine(resources(), seqs, metricPoints().list().ofMaxSize(20)).as(Batch::ofMetrics),
                Combinators.combine(resources(), seqs, spans().list().ofMaxSize(5)).as(Batch::ofSpans),
                Combinators.combine(resources(), seqs, logRecords().list().ofMaxSize(10)).as(Batch::ofLogs));
    }

    static List<String> shuffledKeys(Map<String, ?> map, long seed) {
        List<String> keys = new java.util.ArrayList<>(map.keySet());
        java.util.Collections.shuffle(keys, new java.util.Random(seed));
        return keys;
    }
}

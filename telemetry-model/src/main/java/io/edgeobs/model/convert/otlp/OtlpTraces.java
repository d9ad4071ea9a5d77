package io.edgeobs.model.convert.otlp;

import io.edgeobs.model.Id;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanEvent;
import io.edgeobs.model.SpanKind;
import io.edgeobs.model.SpanLink;
import io.edgeobs.model.SpanStatus;
import io.edgeobs.model.Tags;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * OTLP traces to edgeobs spans.
 * <ul>
 *   <li>service: resource attribute {@code service.name}, else {@code unknown_service};</li>
 *   <li>tags: the other resource attributes, then {@code otel.scope.name} / {@code otel.scope.version}, then the
 *       span's attributes, each later one winning on equal keys; {@code w3c.tracestate} when the span has one;</li>
 *   <li>duration: end minus start; a span that ends before it starts is rejected and counted.</li>
 * </ul>
 */
public final class OtlpTraces {

    static final String UNKNOWN_SERVICE = "unknown_service";

    private OtlpTraces() {
    }

    public static Conversion<Span> convert(ExportTraceServiceRequest request) {
        Conversion.Builder<Span> out = new Conversion.Builder<>();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = UNKNOWN_SERVICE;
            List<KeyValue> resourceTags = new ArrayList<>();
            for (KeyValue kv : rs.getResource().getAttributesList()) {
                if (kv.getKey().equals("service.name")) {
                    service = OtlpValues.asString(kv.getValue());
                } else {
                    resourceTags.add(kv);
                }
            }
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (var s : ss.getSpansList()) {
                    if (s.getEndTimeUnixNano() < s.getStartTimeUnixNano()) {
                        out.reject("spans end before they start");
                        continue;
                    }
                    out.add(span(s, service, resourceTags, ss));
                }
            }
        }
        return out.build();
    }

    private static Span span(io.opentelemetry.proto.trace.v1.Span s, String service, List<KeyValue> resourceTags,
                             ScopeSpans scope) {
        Tags.Builder tags = Tags.builder();
        OtlpValues.putTags(tags, resourceTags);
        if (!scope.getScope().getName().isEmpty()) {
            tags.put("otel.scope.name", scope.getScope().getName());
        }
        if (!scope.getScope().getVersion().isEmpty()) {
            tags.put("otel.scope.version", scope.getScope().getVersion());
        }
        if (!s.getTraceState().isEmpty()) {
            tags.put("w3c.tracestate", s.getTraceState());
        }
        OtlpValues.putTags(tags, s.getAttributesList());
        List<SpanEvent> events = new ArrayList<>(s.getEventsCount());
        for (var e : s.getEventsList()) {
            Tags.Builder et = Tags.builder();
            OtlpValues.putTags(et, e.getAttributesList());
            events.add(new SpanEvent(e.getTimeUnixNano(), e.getName(), et.build()));
        }
        List<SpanLink> links = new ArrayList<>(s.getLinksCount());
        for (var l : s.getLinksList()) {
            Tags.Builder lt = Tags.builder();
            OtlpValues.putTags(lt, l.getAttributesList());
            links.add(new SpanLink(Id.of(l.getTraceId()), Id.of(l.getSpanId()), lt.build()));
        }
        return new Span(Id.of(s.getTraceId()), Id.of(s.getSpanId()), Id.of(s.getParentSpanId()), service, s.getName(),
                kind(s.getKindValue()), s.getStartTimeUnixNano(), s.getEndTimeUnixNano() - s.getStartTimeUnixNano(),
                status(s.getStatus()), tags.build(), events, links);
    }

    private static SpanKind kind(int otlpKind) {
        // OTLP numbers its kinds in the same order as edgeobs: unspecified, internal, server, client, producer, consumer.
        return otlpKind >= 0 && otlpKind < SpanKind.values().length ? SpanKind.values()[otlpKind] : SpanKind.UNSPECIFIED;
    }

    private static SpanStatus status(Status status) {
        return switch (status.getCode()) {
            case STATUS_CODE_OK -> new SpanStatus(SpanStatus.Code.OK, status.getMessage());
            case STATUS_CODE_ERROR -> SpanStatus.error(status.getMessage());
            default -> status.getMessage().isEmpty() ? SpanStatus.UNSET
                    : new SpanStatus(SpanStatus.Code.UNSET, status.getMessage());
        };
    }
}

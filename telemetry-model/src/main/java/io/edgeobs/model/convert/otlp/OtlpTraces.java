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
 * OTLP traces to edgeobs spans; the rules are in the {@linkplain io.edgeobs.model.convert.otlp package
 * documentation}. Spans that end before they start, or never end, are rejected and counted.
 */
public final class OtlpTraces {

    static final String SERVICE_NAME = "service.name";
    static final String UNKNOWN_SERVICE = "unknown_service";
    static final String SCOPE_NAME = "otel.scope.name";
    static final String SCOPE_VERSION = "otel.scope.version";
    static final String TRACE_STATE = "w3c.tracestate";

    static final String NO_END = "spans without an end time";
    static final String END_BEFORE_START = "spans that end before they start";

    private OtlpTraces() {
    }

    public static Conversion<Span> convert(ExportTraceServiceRequest request) {
        Conversion.Builder<Span> out = new Conversion.Builder<>();
        TagPairs resourceTags = new TagPairs();
        TagPairs scopeTags = new TagPairs();
        TagPairs spanTags = new TagPairs();
        TagPairs scratch = new TagPairs();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = UNKNOWN_SERVICE;
            resourceTags.clear();
            for (KeyValue kv : rs.getResource().getAttributesList()) {
                if (kv.getKey().equals(SERVICE_NAME)) {
                    String name = OtlpAttributes.asString(kv.getValue());
                    service = name.isEmpty() ? UNKNOWN_SERVICE : name;
                } else {
                    resourceTags.put(kv.getKey(), OtlpAttributes.asString(kv.getValue()));
                }
            }
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                scopeTags.copyFrom(resourceTags);
                scopeTags.putScope(ss.getScope());
                for (var s : ss.getSpansList()) {
                    if (s.getEndTimeUnixNano() == 0) {
                        out.reject(NO_END);
                    } else if (Long.compareUnsigned(s.getEndTimeUnixNano(), s.getStartTimeUnixNano()) < 0) {
                        out.reject(END_BEFORE_START);
                    } else {
                        spanTags.copyFrom(scopeTags);
                        out.add(span(s, service, spanTags, scratch));
                    }
                }
            }
        }
        return out.build();
    }

    private static Span span(io.opentelemetry.proto.trace.v1.Span s, String service, TagPairs tags,
                             TagPairs scratch) {
        if (!s.getTraceState().isEmpty()) {
            tags.put(TRACE_STATE, s.getTraceState());
        }
        tags.putAttributes(s.getAttributesList());
        List<SpanEvent> events = new ArrayList<>(s.getEventsCount());
        for (var e : s.getEventsList()) {
            events.add(new SpanEvent(e.getTimeUnixNano(), e.getName(), ownTags(scratch, e.getAttributesList())));
        }
        List<SpanLink> links = new ArrayList<>(s.getLinksCount());
        for (var l : s.getLinksList()) {
            links.add(new SpanLink(Id.of(l.getTraceId()), Id.of(l.getSpanId()),
                    ownTags(scratch, l.getAttributesList())));
        }
        return new Span(Id.of(s.getTraceId()), Id.of(s.getSpanId()), OtlpAttributes.optionalId(s.getParentSpanId()),
                service, s.getName(), kind(s.getKindValue()), s.getStartTimeUnixNano(),
                s.getEndTimeUnixNano() - s.getStartTimeUnixNano(), status(s.getStatus()), tags.build(), events, links);
    }

    /** Tags of an event or link: only its own attributes. */
    private static Tags ownTags(TagPairs scratch, List<KeyValue> attributes) {
        if (attributes.isEmpty()) {
            return Tags.EMPTY;
        }
        scratch.clear();
        scratch.putAttributes(attributes);
        return scratch.build();
    }

    static SpanKind kind(int otlpKind) {
        return switch (otlpKind) {
            case 1 -> SpanKind.INTERNAL;
            case 2 -> SpanKind.SERVER;
            case 3 -> SpanKind.CLIENT;
            case 4 -> SpanKind.PRODUCER;
            case 5 -> SpanKind.CONSUMER;
            default -> SpanKind.UNSPECIFIED;
        };
    }

    static SpanStatus status(Status status) {
        return switch (status.getCodeValue()) {
            case Status.StatusCode.STATUS_CODE_OK_VALUE -> status.getMessage().isEmpty() ? SpanStatus.OK
                    : new SpanStatus(SpanStatus.Code.OK, status.getMessage());
            case Status.StatusCode.STATUS_CODE_ERROR_VALUE -> SpanStatus.error(status.getMessage());
            default -> status.getMessage().isEmpty() ? SpanStatus.UNSET
                    : new SpanStatus(SpanStatus.Code.UNSET, status.getMessage());
        };
    }
}

package io.edgeobs.model.convert.otlp;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.io.IOException;

/** OTLP/JSON trace export requests ({@code trace.proto}) read into the generated protobuf messages. */
final class OtlpJsonTraces {

    private OtlpJsonTraces() {
    }

    static ExportTraceServiceRequest request(OtlpJsonReader r) throws IOException {
        ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            if (f.equals("resourceSpans") || f.equals("resource_spans")) {
                r.each(f, OtlpJsonTraces::resourceSpans, b::addResourceSpans);
            } else {
                r.skip();
            }
        }
        return b.build();
    }

    private static ResourceSpans resourceSpans(OtlpJsonReader r) throws IOException {
        ResourceSpans.Builder b = ResourceSpans.newBuilder();
        if (r.object("resourceSpans")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "resource" -> b.setResource(OtlpJsonCommon.resource(r));
                    case "scopeSpans", "scope_spans" -> r.each(f, OtlpJsonTraces::scopeSpans, b::addScopeSpans);
                    case "schemaUrl", "schema_url" -> b.setSchemaUrl(r.string(f));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static ScopeSpans scopeSpans(OtlpJsonReader r) throws IOException {
        ScopeSpans.Builder b = ScopeSpans.newBuilder();
        if (r.object("scopeSpans")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "scope" -> b.setScope(OtlpJsonCommon.scope(r));
                    case "spans" -> r.each(f, OtlpJsonTraces::span, b::addSpans);
                    case "schemaUrl", "schema_url" -> b.setSchemaUrl(r.string(f));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static Span span(OtlpJsonReader r) throws IOException {
        Span.Builder b = Span.newBuilder();
        if (r.object("spans")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "traceId", "trace_id" -> b.setTraceId(r.id(f));
                    case "spanId", "span_id" -> b.setSpanId(r.id(f));
                    case "traceState", "trace_state" -> b.setTraceState(r.string(f));
                    case "parentSpanId", "parent_span_id" -> b.setParentSpanId(r.id(f));
                    case "flags" -> b.setFlags(r.int32(f, true));
                    case "name" -> b.setName(r.string(f));
                    case "kind" -> b.setKindValue(r.enumValue(f, n -> Span.SpanKind.valueOf(n).getNumber()));
                    case "startTimeUnixNano", "start_time_unix_nano" -> b.setStartTimeUnixNano(r.uint64(f));
                    case "endTimeUnixNano", "end_time_unix_nano" -> b.setEndTimeUnixNano(r.uint64(f));
                    case "attributes" -> r.each(f, OtlpJsonCommon::keyValue, b::addAttributes);
                    case "droppedAttributesCount", "dropped_attributes_count" ->
                            b.setDroppedAttributesCount(r.int32(f, true));
                    case "events" -> r.each(f, OtlpJsonTraces::event, b::addEvents);
                    case "droppedEventsCount", "dropped_events_count" -> b.setDroppedEventsCount(r.int32(f, true));
                    case "links" -> r.each(f, OtlpJsonTraces::link, b::addLinks);
                    case "droppedLinksCount", "dropped_links_count" -> b.setDroppedLinksCount(r.int32(f, true));
                    case "status" -> b.setStatus(status(r));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static Span.Event event(OtlpJsonReader r) throws IOException {
        Span.Event.Builder b = Span.Event.newBuilder();
        if (r.object("events")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "timeUnixNano", "time_unix_nano" -> b.setTimeUnixNano(r.uint64(f));
                    case "name" -> b.setName(r.string(f));
                    case "attributes" -> r.each(f, OtlpJsonCommon::keyValue, b::addAttributes);
                    case "droppedAttributesCount", "dropped_attributes_count" ->
                            b.setDroppedAttributesCount(r.int32(f, true));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static Span.Link link(OtlpJsonReader r) throws IOException {
        Span.Link.Builder b = Span.Link.newBuilder();
        if (r.object("links")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "traceId", "trace_id" -> b.setTraceId(r.id(f));
                    case "spanId", "span_id" -> b.setSpanId(r.id(f));
                    case "traceState", "trace_state" -> b.setTraceState(r.string(f));
                    case "attributes" -> r.each(f, OtlpJsonCommon::keyValue, b::addAttributes);
                    case "droppedAttributesCount", "dropped_attributes_count" ->
                            b.setDroppedAttributesCount(r.int32(f, true));
                    case "flags" -> b.setFlags(r.int32(f, true));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static Status status(OtlpJsonReader r) throws IOException {
        Status.Builder b = Status.newBuilder();
        if (r.object("status")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "message" -> b.setMessage(r.string(f));
                    case "code" -> b.setCodeValue(r.enumValue(f, n -> Status.StatusCode.valueOf(n).getNumber()));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }
}

package io.edgeobs.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One span of a trace.
 *
 * @param traceId        16 bytes
 * @param spanId         8 bytes
 * @param parentSpanId   empty for a root span, else 8 bytes
 * @param durationNanos  never negative
 */
public record Span(Id traceId, Id spanId, Id parentSpanId, String service, String operation, SpanKind kind,
                   long startUnixNanos, long durationNanos, SpanStatus status, Tags tags,
                   List<SpanEvent> events, List<SpanLink> links) implements TelemetryRecord {

    public Span {
        traceId = traceId == null ? Id.EMPTY : traceId;
        spanId = spanId == null ? Id.EMPTY : spanId;
        parentSpanId = parentSpanId == null ? Id.EMPTY : parentSpanId;
        service = Resource.nullToEmpty(service);
        operation = Resource.nullToEmpty(operation);
        kind = kind == null ? SpanKind.UNSPECIFIED : kind;
        status = status == null ? SpanStatus.UNSET : status;
        tags = tags == null ? Tags.EMPTY : tags;
        events = events == null ? List.of() : List.copyOf(events);
        links = links == null ? List.of() : List.copyOf(links);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Signal signal() {
        return Signal.SPANS;
    }

    @Override
    public long timeUnixNanos() {
        return startUnixNanos;
    }

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    /** Duration in whole milliseconds, derived. */
    public long durationMillis() {
        return durationNanos / 1_000_000L;
    }

    public static final class Builder {
        private Id traceId = Id.EMPTY;
        private Id spanId = Id.EMPTY;
        private Id parentSpanId = Id.EMPTY;
        private String service = "";
        private String operation = "";
        private SpanKind kind = SpanKind.INTERNAL;
        private long startUnixNanos;
        private long durationNanos;
        private SpanStatus status = SpanStatus.UNSET;
        private final Tags.Builder tags = Tags.builder();
        private final List<SpanEvent> events = new ArrayList<>();
        private final List<SpanLink> links = new ArrayList<>();

        private Builder() {
        }

        public Builder traceId(Id id) {
            this.traceId = id;
            return this;
        }

        public Builder spanId(Id id) {
            this.spanId = id;
            return this;
        }

        public Builder parentSpanId(Id id) {
            this.parentSpanId = id;
            return this;
        }

        public Builder service(String service) {
            this.service = service;
            return this;
        }

        public Builder operation(String operation) {
            this.operation = operation;
            return this;
        }

        public Builder kind(SpanKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder startUnixNanos(long nanos) {
            this.startUnixNanos = nanos;
            return this;
        }

        public Builder durationNanos(long nanos) {
            this.durationNanos = nanos;
            return this;
        }

        public Builder status(SpanStatus status) {
            this.status = status;
            return this;
        }

        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public Builder tags(Map<String, String> more) {
            tags.putAll(more);
            return this;
        }

        public Builder event(SpanEvent event) {
            events.add(event);
            return this;
        }

        public Builder link(SpanLink link) {
            links.add(link);
            return this;
        }

        public Span build() {
            return new Span(traceId, spanId, parentSpanId, service, operation, kind, startUnixNanos, durationNanos,
                    status, tags.build(), events, links);
        }
    }
}

package io.edgeobs.model;

/** A link from a span to another span, possibly in another trace. */
public record SpanLink(Id traceId, Id spanId, Tags tags) {

    public SpanLink {
        traceId = traceId == null ? Id.EMPTY : traceId;
        spanId = spanId == null ? Id.EMPTY : spanId;
        tags = tags == null ? Tags.EMPTY : tags;
    }
}

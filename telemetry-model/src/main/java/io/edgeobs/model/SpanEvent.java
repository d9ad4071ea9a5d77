package io.edgeobs.model;

/** A timestamped event inside a span (an exception, a retry, a log line). */
public record SpanEvent(long timeUnixNanos, String name, Tags tags) {

    public SpanEvent {
        name = Resource.nullToEmpty(name);
        tags = tags == null ? Tags.EMPTY : tags;
    }
}

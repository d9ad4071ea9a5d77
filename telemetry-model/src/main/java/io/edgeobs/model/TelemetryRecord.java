package io.edgeobs.model;

/** A metric point, a span or a log record. */
public sealed interface TelemetryRecord permits MetricPoint, Span, LogRecord {

    Signal signal();

    /** The record's own time in unix nanoseconds: sample time, span start, or log time. */
    long timeUnixNanos();
}

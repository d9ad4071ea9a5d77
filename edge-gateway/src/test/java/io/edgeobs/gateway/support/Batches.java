package io.edgeobs.gateway.support;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanStatus;
import io.edgeobs.model.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Batches as agents send them. */
public final class Batches {

    private Batches() {
    }

    public static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    public static Resource device(String deviceId) {
        return new Resource("", "", deviceId, "pump", "0.1.0", Tags.of("site", "plant-7"));
    }

    public static Batch metrics(String deviceId, long seq, int points) {
        long t = now();
        List<MetricPoint> list = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            list.add(MetricPoint.gauge("pump_temp_celsius", 40 + i, t - i, Tags.of("pump", "p" + i)));
        }
        return Batch.ofMetrics(device(deviceId), seq, list);
    }

    public static Span span(String operation, boolean error) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Span.builder().traceId(Id.traceId(r.nextLong() | 1, r.nextLong() | 1)).spanId(Id.spanId(r.nextLong() | 1))
                .service("pump-ctl").operation(operation).startUnixNanos(now()).durationNanos(1_000_000)
                .status(error ? SpanStatus.error("stuck") : SpanStatus.OK).build();
    }

    public static LogRecord log(LogLevel level, String message, Map<String, Object> fields) {
        return new LogRecord(now(), level, message, fields, Id.EMPTY, Id.EMPTY);
    }
}

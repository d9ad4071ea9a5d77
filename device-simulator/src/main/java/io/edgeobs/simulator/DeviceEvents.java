package io.edgeobs.simulator;

import io.edgeobs.model.Fields;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanEvent;
import io.edgeobs.model.SpanKind;
import io.edgeobs.model.SpanStatus;
import io.edgeobs.model.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Traces and logs of one simulated device. A trace is a request through the device's software: a server span of
 * {@code edge-app}, client calls to {@code sensor-reader} and {@code uplink}, their server spans and an internal
 * step, 3 to 7 spans in all; about 1 in 20 fails, with the error on a leaf and on the root and an exception event.
 * Logs are 70% info, 15% debug, 10% warn, 5% error, with structured fields, and the ones about a request carry
 * its trace and span ids.
 */
final class DeviceEvents {

    static final String[] SERVICES = {"edge-app", "sensor-reader", "uplink"};
    private static final String[] COMPONENTS = {"scheduler", "bus", "modem", "storage", "camera"};
    private static final String[] WORDS = {"reading", "sensor", "flushed", "queue", "retrying", "connected", "modem",
            "battery", "calibrated", "upload", "timeout", "checksum"};

    private final String deviceId;
    private final SplittableRandom random;
    private long nextId;
    private Id lastTrace = Id.EMPTY;
    private Id lastSpan = Id.EMPTY;

    DeviceEvents(String deviceId, long seed) {
        this.deviceId = deviceId;
        this.random = new SplittableRandom(seed);
        this.nextId = (seed & 0xffff_ffffL) << 24;
    }

    /** One trace starting at {@code startNanos}; its spans. */
    List<Span> trace(long startNanos) {
        Id trace = Id.traceId(0x0ed6e0b5_00000000L | (nextId >>> 8 & 0xffff_ffffL) , random.nextLong() | 1);
        boolean fails = random.nextInt(20) == 0;
        List<Span> spans = new ArrayList<>(7);
        Id root = Id.spanId(++nextId);
        long total = 20_000_000L + random.nextInt(180_000_000);
        int calls = 1 + random.nextInt(3); // 1 to 3 downstream calls, each a client span and a server span
        long at = startNanos + 1_000_000L;
        for (int c = 0; c < calls; c++) {
            String callee = SERVICES[1 + (c % 2)];
            long dur = total / (calls + 1);
            Id client = Id.spanId(++nextId);
            Id server = Id.spanId(++nextId);
            boolean leafFails = fails && c == calls - 1;
            spans.add(span(trace, client, root, SERVICES[0], "call " + callee, SpanKind.CLIENT, at, dur,
                    leafFails ? SpanStatus.error("upstream failed") : SpanStatus.OK, List.of()));
            spans.add(span(trace, server, client, callee, callee.equals("uplink") ? "POST /upload" : "read",
                    SpanKind.SERVER, at + 200_000L, dur - 400_000L,
                    leafFails ? SpanStatus.error("timeout talking to the modem") : SpanStatus.OK,
                    leafFails ? List.of(new SpanEvent(at + dur / 2, "exception",
                            Tags.of("exception.type", "TimeoutException", "exception.message", "modem did not answer")))
                            : List.of()));
            at += dur;
        }
        if (spans.size() + 2 <= 7 && random.nextBoolean()) {
            spans.add(span(trace, Id.spanId(++nextId), root, SERVICES[0], "encode", SpanKind.INTERNAL, at, 500_000L,
                    SpanStatus.OK, List.of()));
        }
        spans.add(0, span(trace, root, Id.EMPTY, SERVICES[0], "GET /measure", SpanKind.SERVER, startNanos, total,
                fails ? SpanStatus.error("request failed") : SpanStatus.OK, List.of()));
        lastTrace = trace;
        lastSpan = root;
        return spans;
    }

    private Span span(Id trace, Id id, Id parent, String service, String op, SpanKind kind, long start, long dur,
                      SpanStatus status, List<SpanEvent> events) {
        return new Span(trace, id, parent, service, op, kind, start, dur, status,
                Tags.of("device.id", deviceId, "net.peer.name", "localhost"), events, List.of());
    }

    /** One log record at {@code nanos}. */
    LogRecord log(long nanos) {
        int roll = random.nextInt(100);
        LogLevel level = roll < 70 ? LogLevel.INFO : roll < 85 ? LogLevel.DEBUG : roll < 95 ? LogLevel.WARN : LogLevel.ERROR;
        String component = COMPONENTS[random.nextInt(COMPONENTS.length)];
        String message = component + " " + WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)]
                + " after " + random.nextInt(500) + " ms";
        boolean aboutRequest = !lastTrace.isEmpty() && random.nextInt(3) == 0;
        return new LogRecord(nanos, level, message, Fields.of("component", component, "attempt", (long) random.nextInt(4),
                "duration_ms", random.nextDouble() * 500), aboutRequest ? lastTrace : Id.EMPTY,
                aboutRequest ? lastSpan : Id.EMPTY);
    }
}

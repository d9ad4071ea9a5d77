package io.edgeobs.gateway.policy;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Envelope;
import io.edgeobs.model.Id;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Tags;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The state of {@code aggregate} rules: open windows per series, fed in log order. Time is the log's own clock (the
 * {@code received_at} of the entries read, and ticks), never the wall clock, so a replay closes the same windows at
 * the same entries and writes the same batches.
 *
 * <ul>
 *   <li>A point joins window {@code [start, start + window)} of its series (rule, resource, name, tags), with
 *       {@code start = ts - ts mod window}, while the clock is before {@code start + window + grace}.</li>
 *   <li>A window closes when the clock reaches {@code start + window + grace}; its aggregates go out as gauges named
 *       like the series, with tags {@code agg} (min, max, sum, count, last) and {@code agg_window}, at time
 *       {@code start}, one batch per resource.</li>
 *   <li>A point too late for its window (backfill after an outage), more than a window ahead of the clock, or beyond
 *       the series limit is not aggregated: it is forwarded as it is, and counted.</li>
 * </ul>
 * Each open window pins the log offset of its first point: the forwarder never acknowledges the log past it, so a
 * crash loses no part of an open window.
 */
public final class Aggregator implements PolicyEngine.AggregateSink {

    private record Key(String rule, Resource resource, String name, Tags tags, long start) {
    }

    private static final class Window {
        final Key key;
        final Rule rule;
        final String unit;
        final long closeAt;
        final long firstOffset;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        long count;
        double last;
        long lastTs = Long.MIN_VALUE;

        Window(Key key, Rule rule, String unit, long closeAt, long firstOffset) {
            this.key = key;
            this.rule = rule;
            this.unit = unit;
            this.closeAt = closeAt;
            this.firstOffset = firstOffset;
        }

        void add(MetricPoint p) {
            double v = p.value();
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            count++;
            if (p.timestampUnixNanos() >= lastTs) {
                lastTs = p.timestampUnixNanos();
                last = v;
            }
        }
    }

    private static final Comparator<Resource> BY_RESOURCE = Comparator.comparing(Resource::tenant)
            .thenComparing(Resource::fleet).thenComparing(Resource::deviceId).thenComparing(Resource::deviceType)
            .thenComparing(Resource::agentVersion).thenComparing(r -> r.tags().toString());
    private static final Comparator<Window> BY_SERIES = Comparator.<Window, String>comparing(w -> w.key.name())
            .thenComparing(w -> w.key.tags().toString()).thenComparingLong(w -> w.key.start())
            .thenComparing(w -> w.key.rule());

    private final String gatewayId;
    private final String region;
    private final int maxOpen;
    private final Map<Key, Window> open = new HashMap<>();
    private final TreeMap<Long, List<Window>> byCloseTime = new TreeMap<>();
    private final TreeMap<Long, Integer> pins = new TreeMap<>();
    private final Map<Long, Long> pinClocks = new HashMap<>();
    private long clock;
    private long offset;
    private long clockBefore;
    private long late;
    private long early;
    private long overflow;
    private long emitted;

    public Aggregator(String gatewayId, String region, int maxOpen) {
        this.gatewayId = gatewayId;
        this.region = region;
        this.maxOpen = maxOpen;
    }

    /** Sets the entry being processed: its log offset, the clock before it and the clock it brings. */
    public void at(long entryOffset, long clockBeforeEntry, long entryClock) {
        this.offset = entryOffset;
        this.clockBefore = clockBeforeEntry;
        this.clock = entryClock;
    }

    @Override
    public boolean offer(Rule rule, Resource resource, MetricPoint p) {
        long window = rule.aggregate().window().toNanos();
        long start = Math.floorDiv(p.timestampUnixNanos(), window) * window;
        long closeAt = start + window + rule.aggregate().grace().toNanos();
        if (closeAt <= clock) {
            late++;
            return false;
        }
        if (start > clock + window) {
            early++;
            return false;
        }
        Key key = new Key(rule.name(), resource, p.name(), p.tags(), start);
        Window w = open.get(key);
        if (w == null) {
            if (open.size() >= maxOpen) {
                overflow++;
                return false;
            }
            w = new Window(key, rule, p.unit(), closeAt, offset);
            open.put(key, w);
            byCloseTime.computeIfAbsent(closeAt, t -> new ArrayList<>()).add(w);
            pins.merge(offset, 1, Integer::sum);
            pinClocks.putIfAbsent(offset, clockBefore);
        }
        w.add(p);
        return true;
    }

    /** Closes every window due at the current clock; one batch of aggregates per resource, in a fixed order. */
    public List<Batch> closeDue() {
        List<Window> due = new ArrayList<>();
        for (Iterator<Map.Entry<Long, List<Window>>> it = byCloseTime.headMap(clock, true).entrySet().iterator(); it.hasNext(); ) {
            due.addAll(it.next().getValue());
            it.remove();
        }
        if (due.isEmpty()) {
            return List.of();
        }
        TreeMap<Resource, List<Window>> byResource = new TreeMap<>(BY_RESOURCE);
        for (Window w : due) {
            open.remove(w.key);
            unpin(w.firstOffset);
            byResource.computeIfAbsent(w.key.resource(), r -> new ArrayList<>()).add(w);
        }
        Envelope envelope = new Envelope(gatewayId, region, clock);
        List<Batch> out = new ArrayList<>(byResource.size());
        byResource.forEach((resource, windows) -> {
            windows.sort(BY_SERIES);
            List<MetricPoint> points = new ArrayList<>();
            for (Window w : windows) {
                String span = format(w.rule.aggregate().window());
                for (Rule.Function f : Rule.Function.values()) {
                    if (w.rule.aggregate().functions().contains(f)) {
                        points.add(new MetricPoint(w.key.name(), value(w, f), w.unit, w.key.start(),
                                w.key.tags().withAll(Map.of("agg", f.wireName(), "agg_window", span)),
                                MetricKind.GAUGE, Id.EMPTY));
                    }
                }
            }
            emitted += windows.size();
            out.add(new Batch(resource, 0, Signal.METRICS, points, envelope));
        });
        return out;
    }

    private static double value(Window w, Rule.Function f) {
        return switch (f) {
            case MIN -> w.min;
            case MAX -> w.max;
            case SUM -> w.sum;
            case COUNT -> w.count;
            case LAST -> w.last;
        };
    }

    private void unpin(long at) {
        Integer n = pins.get(at);
        if (n == null) {
            return;
        }
        if (n == 1) {
            pins.remove(at);
            pinClocks.remove(at);
        } else {
            pins.put(at, n - 1);
        }
    }

    /** The lowest log offset an open window holds, if any: the log must not be acknowledged past it. */
    public OptionalLong lowestPin() {
        return pins.isEmpty() ? OptionalLong.empty() : OptionalLong.of(pins.firstKey());
    }

    /** The clock before the entry at a pinned offset (what a replay from there starts with). */
    public long clockBefore(long pinnedOffset) {
        return pinClocks.get(pinnedOffset);
    }

    /** The clock time at which the next window closes, if any is open. */
    public OptionalLong nextCloseAt() {
        return byCloseTime.isEmpty() ? OptionalLong.empty() : OptionalLong.of(byCloseTime.firstKey());
    }

    public int openWindows() {
        return open.size();
    }

    public long late() {
        return late;
    }

    public long early() {
        return early;
    }

    public long overflow() {
        return overflow;
    }

    public long emittedWindows() {
        return emitted;
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}

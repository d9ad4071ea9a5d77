package io.edgeobs.agent.selftelemetry;

import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent's own {@code edgeobs.agent.*} meters as metric points, named as {@code /q/metrics} shows them
 * ({@code edgeobs_agent_buffer_bytes}, counters with {@code _total}, timers as {@code _seconds_count},
 * {@code _seconds_sum} and {@code _seconds_max}), so the backend sees the same series the device serves.
 */
final class MeterSnapshot {

    static final String PREFIX = "edgeobs.agent";

    private MeterSnapshot() {
    }

    static List<MetricPoint> take(MeterRegistry registry, long nowNanos) {
        List<MetricPoint> out = new ArrayList<>();
        for (Meter m : registry.getMeters()) {
            String name = m.getId().getName();
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String base = name.replace('.', '_');
            Tags tags = tags(m.getId().getTags());
            m.use(
                    gauge -> gauge(out, base, gauge.value(), nowNanos, tags),
                    counter -> counter(out, base + "_total", counter.count(), nowNanos, tags),
                    timer -> {
                        counter(out, base + "_seconds_count", timer.count(), nowNanos, tags);
                        counter(out, base + "_seconds_sum", timer.totalTime(TimeUnit.SECONDS), nowNanos, tags);
                        gauge(out, base + "_seconds_max", timer.max(TimeUnit.SECONDS), nowNanos, tags);
                    },
                    summary -> {
                        counter(out, base + "_count", summary.count(), nowNanos, tags);
                        counter(out, base + "_sum", summary.totalAmount(), nowNanos, tags);
                    },
                    longTask -> gauge(out, base + "_active", longTask.activeTasks(), nowNanos, tags),
                    timeGauge -> gauge(out, base + "_seconds", timeGauge.value(TimeUnit.SECONDS), nowNanos, tags),
                    functionCounter -> counter(out, base + "_total", functionCounter.count(), nowNanos, tags),
                    functionTimer -> {
                        counter(out, base + "_seconds_count", functionTimer.count(), nowNanos, tags);
                        counter(out, base + "_seconds_sum", functionTimer.totalTime(TimeUnit.SECONDS), nowNanos, tags);
                    },
                    other -> other.measure().forEach(ms -> gauge(out, base + "_" + ms.getStatistic().getTagValueRepresentation(),
                            ms.getValue(), nowNanos, tags)));
        }
        return out;
    }

    private static void gauge(List<MetricPoint> out, String name, double value, long now, Tags tags) {
        if (Double.isFinite(value)) {
            out.add(MetricPoint.gauge(name, value, now, tags));
        }
    }

    private static void counter(List<MetricPoint> out, String name, double value, long now, Tags tags) {
        if (Double.isFinite(value) && value >= 0) {
            out.add(MetricPoint.counter(name, value, now, tags));
        }
    }

    private static Tags tags(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        tags.forEach(t -> m.put(t.getKey(), t.getValue()));
        return Tags.copyOf(m);
    }
}

package io.edgeobs.agent.tail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of log tailing, tagged by source: {@code edgeobs.agent.tail.lines} (delivered), {@code .bytes},
 * {@code .lines.truncated}, {@code .lines.skipped{reason=blank}}, {@code .rotations{kind=rename|truncate}},
 * {@code .copies.recovered}, {@code .backpressure} (appends the buffer refused), {@code .errors{reason}}, and the
 * gauges {@code .files} (followed now), {@code .files.unfollowed} (matched but over max-files) and {@code .lag.bytes}
 * (written but not yet delivered).
 */
final class TailMetrics {

    private final MeterRegistry registry;
    /** Gauge values by source, kept for the registry's lifetime: a source that restarts reports into the same gauges. */
    private final Map<String, Source> sources = new ConcurrentHashMap<>();

    TailMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    Source source(String name) {
        return sources.computeIfAbsent(name, Source::new);
    }

    final class Source {
        final Counter lines;
        final Counter bytes;
        final Counter truncated;
        final Counter blank;
        final Counter renames;
        final Counter truncations;
        final Counter copiesRecovered;
        final Counter backpressure;
        final AtomicLong files = new AtomicLong();
        final AtomicLong unfollowed = new AtomicLong();
        final AtomicLong lagBytes = new AtomicLong();
        private final String name;

        private Source(String name) {
            this.name = name;
            lines = registry.counter("edgeobs.agent.tail.lines", "source", name);
            bytes = registry.counter("edgeobs.agent.tail.bytes", "source", name);
            truncated = registry.counter("edgeobs.agent.tail.lines.truncated", "source", name);
            blank = registry.counter("edgeobs.agent.tail.lines.skipped", "source", name, "reason", "blank");
            renames = registry.counter("edgeobs.agent.tail.rotations", "source", name, "kind", "rename");
            truncations = registry.counter("edgeobs.agent.tail.rotations", "source", name, "kind", "truncate");
            copiesRecovered = registry.counter("edgeobs.agent.tail.copies.recovered", "source", name);
            backpressure = registry.counter("edgeobs.agent.tail.backpressure", "source", name);
            Gauge.builder("edgeobs.agent.tail.files", files, AtomicLong::get).tag("source", name)
                    .description("files followed now").register(registry);
            Gauge.builder("edgeobs.agent.tail.files.unfollowed", unfollowed, AtomicLong::get).tag("source", name)
                    .description("files matched but not followed: over max-files").register(registry);
            Gauge.builder("edgeobs.agent.tail.lag.bytes", lagBytes, AtomicLong::get).tag("source", name)
                    .description("bytes written to followed files and not yet delivered").register(registry);
        }

        void error(String reason) {
            registry.counter("edgeobs.agent.tail.errors", "source", name, "reason", reason).increment();
        }
    }
}

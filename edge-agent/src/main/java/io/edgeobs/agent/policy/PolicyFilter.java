package io.edgeobs.agent.policy;

import io.edgeobs.agent.buffer.SignalBuffers;
import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.agent.ingest.RecordFilter;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Span;
import io.edgeobs.model.TelemetryRecord;
import io.edgeobs.model.sampling.TraceIdSampler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The device's sampling policy applied to every record: traces by a seeded hash of the trace id (errors kept),
 * metrics by per-series rate and per-name cardinality, logs by per-level rate, all tightened by the degradation
 * steps in force. A new policy (from a reloaded manifest) replaces the old one whole with {@link #update}.
 */
@ApplicationScoped
public class PolicyFilter implements RecordFilter {

    private static final Logger LOG = Logger.getLogger(PolicyFilter.class);

    private final LongSupplier nanoTime;
    private final DoubleSupplier fill;
    private final MeterRegistry registry;
    private volatile State state;

    /** The limiters of one policy; replaced together. */
    private record State(SamplingPolicy policy, MetricLimiter metrics, LogLimiter logs, Degradation degradation) {
    }

    @Inject
    public PolicyFilter(AgentConfig config, SignalBuffers buffers, MeterRegistry registry) {
        this(PolicyConfig.from(config.policy()), buffers::fullestFill, registry, System::nanoTime);
    }

    /** For tests: an explicit policy, fill and clock. */
    public PolicyFilter(SamplingPolicy policy, DoubleSupplier fill, MeterRegistry registry, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.fill = fill;
        this.registry = registry;
        update(policy);
    }

    /** Puts a new policy in force; the limiters start afresh. */
    public void update(SamplingPolicy policy) {
        long now = nanoTime.getAsLong();
        Degradation degradation = new Degradation(policy.degrade(), fill, step ->
                registry.counter("edgeobs.agent.degradation.activations", "step", step.name()).increment());
        State next = new State(policy, new MetricLimiter(policy.metrics(), now), new LogLimiter(policy.logs(), now),
                degradation);
        for (SamplingPolicy.DegradeStep step : policy.degrade()) {
            Gauge.builder("edgeobs.agent.degradation.active", this, f -> f.state.degradation().isActive(step.name()) ? 1 : 0)
                    .tag("step", step.name()).description("1 while the degradation step is in force").register(registry);
        }
        Gauge.builder("edgeobs.agent.policy.series", this, f -> f.state.metrics().series())
                .description("metric series known to the rate limiter").register(registry);
        state = next;
        LOG.infof("sampling policy in force: traces %s, metrics %s, logs %s, %d degradation steps", policy.traces(),
                policy.metrics(), policy.logs().perSecond(), policy.degrade().size());
    }

    public SamplingPolicy policy() {
        return state.policy();
    }

    @Override
    public Filtered apply(Signal signal, List<? extends TelemetryRecord> records) {
        State s = state;
        long now = nanoTime.getAsLong();
        s.degradation().refresh(now);
        Map<String, Integer> dropped = new TreeMap<>();
        List<TelemetryRecord> kept = new ArrayList<>(records.size());
        for (TelemetryRecord r : records) {
            String reason = switch (signal) {
                case SPANS -> traceVerdict(s, (Span) r);
                case METRICS -> metricVerdict(s, (MetricPoint) r, now);
                case LOGS -> logVerdict(s, (LogRecord) r, now);
            };
            if (reason == null) {
                kept.add(r);
            } else {
                dropped.merge(reason, 1, Integer::sum);
            }
        }
        return new Filtered(kept, dropped);
    }

    /** Null to keep, else the reason. */
    private static String traceVerdict(State s, Span span) {
        SamplingPolicy.Traces t = s.policy().traces();
        if (t.keepErrors() && span.status().isError()) {
            return null;
        }
        double rate = t.serviceRates().getOrDefault(span.service(), t.rate());
        if (new TraceIdSampler(t.seed(), rate * s.degradation().traceFactor()).keep(span.traceId())) {
            return null;
        }
        return s.degradation().traceFactor() < 1 && new TraceIdSampler(t.seed(), rate).keep(span.traceId())
                ? "degraded" : "sampled_out";
    }

    private static String metricVerdict(State s, MetricPoint p, long now) {
        return switch (s.metrics().check(p, now)) {
            case KEEP -> null;
            case RATE_LIMITED -> "rate_limited";
            case CARDINALITY -> "cardinality";
        };
    }

    private static String logVerdict(State s, LogRecord r, long now) {
        LogLevel min = s.degradation().minLogLevel();
        if (min != LogLevel.UNSPECIFIED && r.level() != LogLevel.UNSPECIFIED && r.level().compareTo(min) < 0) {
            return "degraded";
        }
        return s.logs().allow(r.level(), now) ? null : "rate_limited";
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

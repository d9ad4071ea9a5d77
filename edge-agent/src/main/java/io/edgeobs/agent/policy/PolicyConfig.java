package io.edgeobs.agent.policy;

import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.sampling.TraceIdSampler;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds a {@link SamplingPolicy} from {@code edgeobs.agent.policy.*}, naming the property of every bad value. */
public final class PolicyConfig {

    private PolicyConfig() {
    }

    public static SamplingPolicy from(AgentConfig.Policy p) {
        SamplingPolicy.Traces traces = new SamplingPolicy.Traces(p.traces().rate(),
                TraceIdSampler.seedOf(p.traces().seed()), p.traces().keepErrors(), p.traces().serviceRates());
        SamplingPolicy.Metrics metrics = new SamplingPolicy.Metrics(p.metrics().samplesPerSecond(),
                p.metrics().maxSeriesPerName(), p.metrics().maxSeries(), p.metrics().seriesIdle());
        Map<LogLevel, Double> perLevel = new EnumMap<>(LogLevel.class);
        p.logs().perSecond().forEach((level, rate) -> perLevel.put(level(level, "edgeobs.agent.policy.logs.per-second."
                + level), rate));
        List<SamplingPolicy.DegradeStep> steps = new ArrayList<>();
        p.degrade().forEach((name, s) -> steps.add(new SamplingPolicy.DegradeStep(name, s.at(), s.hysteresis(),
                action(s.action(), "edgeobs.agent.policy.degrade." + name + ".action"), s.level().map(l -> level(l, "edgeobs.agent.policy.degrade." + name + ".level"))
                .orElse(null), s.factor())));
        return new SamplingPolicy(traces, metrics, new SamplingPolicy.Logs(perLevel), steps);
    }

    /** A degradation action by name; {@code property} names the setting in the error. */
    public static SamplingPolicy.Action action(String name, String property) {
        return switch (name.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "drop-logs-below" -> SamplingPolicy.Action.DROP_LOGS_BELOW;
            case "scale-trace-rate" -> SamplingPolicy.Action.SCALE_TRACE_RATE;
            default -> throw new IllegalArgumentException(property + " must be drop-logs-below or scale-trace-rate, was "
                    + name);
        };
    }

    /** A log level by name; {@code property} names the setting in the error. */
    public static LogLevel level(String name, String property) {
        return LogLevel.parse(name).filter(l -> l != LogLevel.UNSPECIFIED).orElseThrow(() ->
                new IllegalArgumentException(property + " must be a log level (trace, debug, info, warn, error, fatal), "
                        + "was " + name));
    }
}

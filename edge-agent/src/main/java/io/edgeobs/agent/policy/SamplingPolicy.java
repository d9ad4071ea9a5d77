package io.edgeobs.agent.policy;

import io.edgeobs.model.LogLevel;

import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent keeps: trace sampling, metric and log rate limits, and the degradation steps that tighten them
 * while the buffer fills. An immutable value, built from the configuration or a verified manifest and swapped
 * whole on reload.
 */
public record SamplingPolicy(Traces traces, Metrics metrics, Logs logs, List<DegradeStep> degrade) {

    public SamplingPolicy {
        if (traces == null || metrics == null || logs == null) {
            throw new IllegalArgumentException("a sampling policy needs traces, metrics and logs sections");
        }
        degrade = degrade == null ? List.of()
                : degrade.stream().sorted(Comparator.comparingDouble(DegradeStep::fillAbove)).toList();
    }

    /**
     * @param rate         share of traces kept, by a seeded hash of the trace id (the same decision on every device)
     * @param seed         fleet-wide seed of that hash
     * @param keepErrors   spans with error status are kept even when their trace is not
     * @param serviceRates rates for particular services (workloads), overriding {@code rate}
     */
    public record Traces(double rate, long seed, boolean keepErrors, Map<String, Double> serviceRates) {
        public Traces {
            checkRate("traces.rate", rate);
            serviceRates = serviceRates == null ? Map.of() : Map.copyOf(serviceRates);
            serviceRates.forEach((service, r) -> checkRate("traces.service-rates." + service, r));
        }
    }

    /**
     * @param samplesPerSecond token-bucket rate per series (a burst of the same size is allowed); 0 for no limit
     * @param maxSeriesPerName distinct series one metric name may have on this device; new ones beyond are dropped
     * @param maxSeries        distinct series in all, a bound on the limiter's own memory
     * @param seriesIdle       a series not seen for this long is forgotten (and no longer counts toward the caps)
     */
    public record Metrics(double samplesPerSecond, int maxSeriesPerName, int maxSeries, Duration seriesIdle) {
        public Metrics {
            if (samplesPerSecond < 0 || Double.isNaN(samplesPerSecond)) {
                throw new IllegalArgumentException("metrics.samples-per-second must be 0 (no limit) or more, was "
                        + samplesPerSecond);
            }
            if (maxSeriesPerName < 1 || maxSeries < maxSeriesPerName) {
                throw new IllegalArgumentException("metrics.max-series-per-name must be at least 1 and at most "
                        + "metrics.max-series, were " + maxSeriesPerName + " and " + maxSeries);
            }
            if (seriesIdle == null || seriesIdle.isNegative() || seriesIdle.isZero()) {
                throw new IllegalArgumentException("metrics.series-idle must be positive, was " + seriesIdle);
            }
        }
    }

    /** @param perSecond records per second allowed per level; a level that is absent is not limited */
    public record Logs(Map<LogLevel, Double> perSecond) {
        public Logs {
            perSecond = perSecond == null || perSecond.isEmpty() ? Map.of() : new EnumMap<>(perSecond);
            perSecond.forEach((level, r) -> {
                if (r == null || r <= 0 || r.isNaN()) {
                    throw new IllegalArgumentException("logs rate of " + level + " must be positive, was " + r);
                }
            });
            perSecond = Map.copyOf(perSecond);
        }
    }

    /** What a degradation step does. */
    public enum Action {
        /** drops logs below {@link DegradeStep#level()} */
        DROP_LOGS_BELOW,
        /** multiplies the trace sampling rates by {@link DegradeStep#factor()} */
        SCALE_TRACE_RATE
    }

    /**
     * One step of graceful degradation: active while the fullest signal buffer holds more than {@code fillAbove} of
     * its budget in undelivered data, relaxed once it is below {@code fillAbove - hysteresis}.
     */
    public record DegradeStep(String name, double fillAbove, double hysteresis, Action action, LogLevel level,
                              double factor) {
        public DegradeStep {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a degradation step needs a name");
            }
            if (!(fillAbove > 0 && fillAbove < 1)) {
                throw new IllegalArgumentException("degrade." + name + ".at must be between 0 and 1, was " + fillAbove);
            }
            if (!(hysteresis >= 0 && hysteresis < fillAbove)) {
                throw new IllegalArgumentException("degrade." + name + ".hysteresis must be at least 0 and below at, was "
                        + hysteresis);
            }
            if (action == null) {
                throw new IllegalArgumentException("degrade." + name + ".action must be drop-logs-below or "
                        + "scale-trace-rate");
            }
            if (action == Action.DROP_LOGS_BELOW && (level == null || level == LogLevel.UNSPECIFIED)) {
                throw new IllegalArgumentException("degrade." + name + ": drop-logs-below needs a level");
            }
            if (action == Action.SCALE_TRACE_RATE && !(factor >= 0 && factor < 1)) {
                throw new IllegalArgumentException("degrade." + name + ": scale-trace-rate needs a factor from 0 to "
                        + "below 1, was " + factor);
            }
        }
    }

    static void checkRate(String what, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(what + " must be between 0 and 1, was " + rate);
        }
    }
}

package io.edgeobs.agent.policy;

import io.edgeobs.model.LogLevel;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Graceful degradation: which steps are in force at the buffer's current fill. A step comes into force when the
 * fill passes its level and is relaxed when the fill drops below its level minus its hysteresis, so a buffer
 * hovering at a level does not flap. Each change is logged once and reported to {@code onActivation}.
 */
final class Degradation {

    private static final Logger LOG = Logger.getLogger(Degradation.class);

    /** The fill is looked at no more often than this; a buffer does not fill meaningfully faster. */
    private static final long EVALUATE_EVERY_NANOS = 1_000_000_000L;

    private final List<SamplingPolicy.DegradeStep> steps;
    private final boolean[] active;
    private final DoubleSupplier fill;
    private final Consumer<SamplingPolicy.DegradeStep> onActivation;
    private long lastEvaluated = Long.MIN_VALUE;
    private LogLevel minLogLevel = LogLevel.UNSPECIFIED;
    private double traceFactor = 1;

    /**
     * @param fill the fill of the fullest buffer (undelivered bytes over its budget), 0 to 1
     */
    Degradation(List<SamplingPolicy.DegradeStep> steps, DoubleSupplier fill, Consumer<SamplingPolicy.DegradeStep> onActivation) {
        this.steps = steps;
        this.active = new boolean[steps.size()];
        this.fill = fill;
        this.onActivation = onActivation;
    }

    /** Re-evaluates the steps if a second passed since the last time. */
    synchronized void refresh(long nowNanos) {
        if (steps.isEmpty() || (lastEvaluated != Long.MIN_VALUE && nowNanos - lastEvaluated < EVALUATE_EVERY_NANOS)) {
            return;
        }
        lastEvaluated = nowNanos;
        double f = fill.getAsDouble();
        LogLevel level = LogLevel.UNSPECIFIED;
        double factor = 1;
        for (int i = 0; i < steps.size(); i++) {
            SamplingPolicy.DegradeStep s = steps.get(i);
            if (!active[i] && f > s.fillAbove()) {
                active[i] = true;
                onActivation.accept(s);
                LOG.warnf("buffer %.0f%% full: degradation step %s in force (%s)", f * 100, s.name(), describe(s));
            } else if (active[i] && f < s.fillAbove() - s.hysteresis()) {
                active[i] = false;
                LOG.infof("buffer %.0f%% full: degradation step %s relaxed", f * 100, s.name());
            }
            if (active[i]) {
                if (s.action() == SamplingPolicy.Action.DROP_LOGS_BELOW && s.level().compareTo(level) > 0) {
                    level = s.level();
                }
                if (s.action() == SamplingPolicy.Action.SCALE_TRACE_RATE) {
                    factor *= s.factor();
                }
            }
        }
        minLogLevel = level;
        traceFactor = factor;
    }

    synchronized LogLevel minLogLevel() {
        return minLogLevel;
    }

    synchronized double traceFactor() {
        return traceFactor;
    }

    synchronized boolean isActive(String step) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).name().equals(step)) {
                return active[i];
            }
        }
        return false;
    }

    private static String describe(SamplingPolicy.DegradeStep s) {
        return switch (s.action()) {
            case DROP_LOGS_BELOW -> "logs below " + s.level().name().toLowerCase(Locale.ROOT) + " are dropped";
            case SCALE_TRACE_RATE -> "trace sampling rates times " + s.factor();
        };
    }
}

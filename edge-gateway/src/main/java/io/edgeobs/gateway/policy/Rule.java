package io.edgeobs.gateway.policy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One rule of the policy.
 *
 * @param aggregate settings of an {@code aggregate} rule, else null
 * @param sample    settings of a {@code sample} rule, else null
 * @param redact    settings of a {@code redact} rule, else null
 */
public record Rule(String name, Match match, Action action, Aggregate aggregate, Sample sample, Redact redact) {

    /** The aggregate functions, in the order their points are written. */
    public enum Function {
        MIN, MAX, SUM, COUNT, LAST;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param window    tumbling window length; windows are aligned to the epoch ({@code start = ts - ts % window})
     * @param grace     how long after a window's end (on the gateway's clock) points may still join it
     * @param functions what is written per series and window
     */
    public record Aggregate(Duration window, Duration grace, Set<Function> functions) {
        public Aggregate {
            functions = Set.copyOf(functions);
        }
    }

    /**
     * @param ratio      share of traces kept, 0..1
     * @param keepErrors also keep spans whose status is error, whatever their trace's hash
     */
    public record Sample(double ratio, boolean keepErrors) {
    }

    /** @param hash true: replace the value with a keyed SHA-256; false: remove the tag. */
    public record Redact(List<Glob> keys, boolean hash) {
        public Redact {
            keys = List.copyOf(keys);
        }
    }
}

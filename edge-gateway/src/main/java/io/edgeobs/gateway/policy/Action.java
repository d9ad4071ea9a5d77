package io.edgeobs.gateway.policy;

import java.util.Locale;

/** What a rule does with the records it matches. */
public enum Action {
    /** Send to Kafka (what happens to records no rule matches). */
    FORWARD,
    /** Discard, counted. */
    DROP,
    /** Metrics: only per-series window aggregates (min, max, sum, count, last) leave the region. */
    AGGREGATE,
    /** Spans: keep the traces whose trace-id hash falls under the ratio (the agent's sampler). */
    SAMPLE,
    /** Logs: stored at the gateway only, queryable at {@code GET /local/logs}, never shipped. */
    KEEP_LOCAL,
    /** Remove or hash tag keys (and log field keys); not terminal: the record goes on to the other rules. */
    REDACT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTerminal() {
        return this != REDACT;
    }
}

package io.edgeobs.gateway.intake;

import io.edgeobs.model.validation.Violation;

import java.util.List;

/**
 * What happened to the records of one request: how many are now in the gateway's durable log, and how many were
 * refused and why (like OTLP partial success).
 */
public record Accepted(long accepted, long rejected, List<Violation> violations) {

    public Accepted {
        violations = List.copyOf(violations);
    }
}

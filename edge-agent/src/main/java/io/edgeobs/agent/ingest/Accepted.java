package io.edgeobs.agent.ingest;

import io.edgeobs.model.validation.Violation;

import java.util.List;

/**
 * What happened to records handed to the agent: how many are now durable, and how many were rejected and why
 * (like OTLP partial success).
 */
public record Accepted(int accepted, int rejected, List<Violation> violations) {
}

package io.edgeobs.registry.compat;

/**
 * One reason a schema is not compatible.
 *
 * @param location the message and field ({@code message edgeobs.v1.Span field 3 (parent_span_id)}) or the JSON
 *                 pointer ({@code /properties/name}) it concerns
 * @param message  what changed, and against which version
 */
public record CompatibilityIssue(String location, String message) {

    @Override
    public String toString() {
        return location + ": " + message;
    }
}

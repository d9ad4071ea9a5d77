package io.edgeobs.model.registry;

/** A schema as the registry holds it under its global id. */
public record RegisteredSchema(int id, String schemaType, String schema) {
}

package io.edgeobs.registry.storage;

import io.edgeobs.registry.compat.SchemaType;

/** A schema by its global id. */
public record StoredSchema(int id, SchemaType schemaType, String schema) {
}

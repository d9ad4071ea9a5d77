package io.edgeobs.registry.storage;

import io.edgeobs.registry.compat.SchemaType;

/** One version of a subject, with its schema. */
public record StoredVersion(String subject, int version, int schemaId, SchemaType schemaType, String schema,
                            boolean deleted) {
}

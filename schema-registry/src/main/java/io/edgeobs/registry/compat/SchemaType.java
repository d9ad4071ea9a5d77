package io.edgeobs.registry.compat;

import java.util.Locale;
import java.util.Optional;

/** Schema languages the registry understands. Confluent's default, AVRO, is not supported. */
public enum SchemaType {
    PROTOBUF,
    JSON;

    public static Optional<SchemaType> parse(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

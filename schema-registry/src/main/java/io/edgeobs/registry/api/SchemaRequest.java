package io.edgeobs.registry.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.edgeobs.registry.compat.SchemaType;
import io.edgeobs.registry.error.RegistryException;

import java.util.List;

/** The body of register, look-up and compatibility requests, as Confluent clients send it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SchemaRequest(String schema, String schemaType, List<Object> references) {

    /** The schema type; Confluent's default when none is given is AVRO, which this registry does not support. */
    public SchemaType type() {
        if (schemaType == null || schemaType.isBlank()) {
            throw RegistryException.invalidSchema("schemaType is missing; this registry stores PROTOBUF and JSON "
                    + "schemas (AVRO, the Confluent default, is not supported)");
        }
        return SchemaType.parse(schemaType).orElseThrow(() -> RegistryException.invalidSchema("unsupported "
                + "schemaType '" + schemaType + "'; use PROTOBUF or JSON"));
    }

    /** The schema text, checked for presence; references are not supported. */
    public String text() {
        if (schema == null || schema.isBlank()) {
            throw RegistryException.invalidSchema("the request has no schema");
        }
        if (references != null && !references.isEmpty()) {
            throw RegistryException.invalidSchema("schema references are not supported; inline the referenced types");
        }
        return schema;
    }
}

/**
 * Schema compatibility rules in the manner of Confluent Schema Registry, for PROTOBUF ({@code .proto} text, parsed
 * with Wire) and JSON (JSON Schema, parsed with Jackson). Plain Java: no Quarkus or CDI needed.
 *
 * <p>Entry points: {@link io.edgeobs.registry.compat.CompatibilityChecker} (is a candidate compatible with earlier
 * versions at a {@link io.edgeobs.registry.compat.CompatibilityLevel}?) and
 * {@link io.edgeobs.registry.compat.SchemaCanonicalizer} (the normal form that gives a schema its identity).
 * Invalid schema text raises {@link io.edgeobs.registry.compat.SchemaParseException}.
 */
package io.edgeobs.registry.compat;

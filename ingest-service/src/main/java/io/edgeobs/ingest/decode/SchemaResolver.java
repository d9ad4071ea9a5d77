package io.edgeobs.ingest.decode;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.edgeobs.ingest.consume.RetryableException;
import io.edgeobs.model.registry.RegisteredSchema;
import io.edgeobs.model.registry.SchemaRegistryClient;
import io.edgeobs.model.registry.SchemaRegistryException;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the schema id of a framed value through the registry (the client caches what it found, so each id is
 * fetched once) and checks that it is an {@code edgeobs.v1} protobuf schema with a {@code Batch}. An id the
 * registry does not know is remembered for {@code unknownTtl}, so a stream of such records costs one lookup, and
 * makes the record poison; a registry that cannot answer makes the poll retry later.
 */
public final class SchemaResolver {

    private final SchemaRegistryClient client;
    private final Set<Integer> accepted = ConcurrentHashMap.newKeySet();
    private final Cache<Integer, String> refused;

    public SchemaResolver(SchemaRegistryClient client, Duration unknownTtl) {
        this.client = client;
        this.refused = Caffeine.newBuilder().expireAfterWrite(unknownTtl).maximumSize(10_000).build();
    }

    public void check(int schemaId) throws PoisonException, RetryableException {
        if (accepted.contains(schemaId)) {
            return;
        }
        String known = refused.getIfPresent(schemaId);
        if (known != null) {
            throw new PoisonException(PoisonReason.UNKNOWN_SCHEMA, known);
        }
        RegisteredSchema schema;
        try {
            schema = client.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            if (isUnknown(e.errorCode())) {
                String why = "schema id " + schemaId + " is not registered (registry error " + e.errorCode() + ")";
                refused.put(schemaId, why);
                throw new PoisonException(PoisonReason.UNKNOWN_SCHEMA, why);
            }
            throw new RetryableException("schema-registry", "the schema registry cannot resolve schema id " + schemaId
                    + ": " + e.getMessage(), e);
        }
        if (!"PROTOBUF".equalsIgnoreCase(schema.schemaType()) || !schema.schema().contains("package edgeobs.v1")
                || !schema.schema().contains("message Batch")) {
            String why = "schema id " + schemaId + " is a " + schema.schemaType() + " schema without edgeobs.v1.Batch";
            refused.put(schemaId, why);
            throw new PoisonException(PoisonReason.UNKNOWN_SCHEMA, why);
        }
        accepted.add(schemaId);
    }

    /** 404-class registry answers (40401 subject, 40403 schema, plain 404): the id is not there. */
    static boolean isUnknown(int errorCode) {
        return errorCode == 404 || errorCode / 100 == 404;
    }
}

package io.edgeobs.registry.api;

import io.edgeobs.registry.storage.StoredVersion;

import java.util.LinkedHashMap;
import java.util.Map;

/** Response bodies in the Confluent shapes. */
final class Views {

    private Views() {
    }

    static Map<String, Object> version(StoredVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", v.subject());
        m.put("version", v.version());
        m.put("id", v.schemaId());
        m.put("schemaType", v.schemaType().name());
        m.put("schema", v.schema());
        return m;
    }
}

package io.edgeobs.model.convert.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Renders a JSON-like value (maps, lists, strings, numbers, booleans, null) as compact JSON text. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain JSON values always serialise", e);
        }
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}

package io.edgeobs.registry.compat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema text: strict parsing, a light check of the keywords the compatibility rules read, and the canonical
 * form (object keys sorted, no whitespace, numbers exactly as written).
 */
final class JsonSchemaText {

    /** The type names of JSON Schema, in a fixed order for messages. */
    static final List<String> TYPES = List.of("string", "number", "integer", "boolean", "object", "array", "null");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** Keywords whose value is a map of name to schema. */
    static final List<String> SCHEMA_MAPS = List.of("properties", "definitions", "$defs", "patternProperties");

    private JsonSchemaText() {
    }

    /**
     * @throws SchemaParseException when the text is not JSON (with line and column), not an object or boolean, or
     *                              when a keyword the rules read has a value of the wrong shape (with its pointer)
     */
    static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SchemaParseException("the JSON schema is empty");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new SchemaParseException("not valid JSON: " + e.getOriginalMessage() + at, e);
        }
        if (node == null || !(node.isObject() || node.isBoolean())) {
            throw new SchemaParseException("a JSON Schema must be a JSON object or boolean");
        }
        check(node, "");
        return node;
    }

    private static void check(JsonNode schema, String pointer) {
        if (schema.isBoolean()) {
            return;
        }
        if (!schema.isObject()) {
            throw invalid(pointer, "a schema must be a JSON object or boolean");
        }
        JsonNode type = schema.get("type");
        if (type != null) {
            List<JsonNode> names = new ArrayList<>();
            if (type.isArray()) {
                type.forEach(names::add);
            } else {
                names.add(type);
            }
            for (JsonNode t : names) {
                if (!t.isTextual() || !TYPES.contains(t.asText())) {
                    throw invalid(pointer + "/type", "unknown type " + t + " (expected one of string, number, "
                            + "integer, boolean, object, array, null)");
                }
            }
        }
        JsonNode required = schema.get("required");
        if (required != null && required.isArray()) {
            for (JsonNode r : required) {
                if (!r.isTextual()) {
                    throw invalid(pointer + "/required", "must list property names (strings), found " + r);
                }
            }
        }
        if (schema.has("enum") && !schema.get("enum").isArray()) {
            throw invalid(pointer + "/enum", "must be an array");
        }
        for (String keyword : SCHEMA_MAPS) {
            JsonNode map = schema.get(keyword);
            if (map == null) {
                continue;
            }
            if (!map.isObject()) {
                throw invalid(pointer + "/" + keyword, "must be an object of schemas");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                check(e.getValue(), pointer + "/" + keyword + "/" + escape(e.getKey()));
            }
        }
        JsonNode items = schema.get("items");
        if (items != null && items.isArray()) {
            for (int i = 0; i < items.size(); i++) {
                check(items.get(i), pointer + "/items/" + i);
            }
        } else if (items != null) {
            check(items, pointer + "/items");
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null) {
            check(additional, pointer + "/additionalProperties");
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null && !ref.isTextual()) {
            throw invalid(pointer + "/$ref", "must be a string");
        }
    }

    /** Keys sorted at every level, no whitespace; strings as parsed, numbers by value ({@link #number}). */
    static String canonical(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            write(node, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonNode node, JsonGenerator g) throws IOException {
        if (node.isObject()) {
            g.writeStartObject();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) {
                g.writeFieldName(name);
                write(node.get(name), g);
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode item : node) {
                write(item, g);
            }
            g.writeEndArray();
        } else if (node.isNumber()) {
            g.writeNumber(number(node));
        } else {
            g.writeTree(node);
        }
    }

    /**
     * A number by its value, as JSON Schema compares numbers: {@code 1.50} is {@code 1.5}, {@code 100.0} is
     * {@code 100}; large or tiny values in scientific notation ({@code 1E+400}).
     */
    static String number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        BigDecimal d = node.decimalValue().stripTrailingZeros();
        if (d.scale() <= 0 && d.precision() - d.scale() <= 40) {
            return d.toBigIntegerExact().toString();
        }
        return d.scale() > 0 && d.scale() <= 40 ? d.toPlainString() : d.toString();
    }

    /** A JSON pointer token: {@code ~} and {@code /} escaped (RFC 6901). */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static SchemaParseException invalid(String pointer, String message) {
        return new SchemaParseException("invalid JSON Schema at " + (pointer.isEmpty() ? "/" : pointer) + ": "
                + message);
    }
}

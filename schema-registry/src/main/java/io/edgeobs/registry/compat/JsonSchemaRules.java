package io.edgeobs.registry.compat;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compatibility of two JSON Schemas for one direction: can a document valid under the writer's schema be read
 * under the reader's? Each issue names the JSON pointer (into the reader's schema) it concerns.
 * <ul>
 *   <li>a property the reader requires that the writer did not;</li>
 *   <li>a writer property the reader no longer has, where the reader's object is closed
 *       ({@code additionalProperties: false});</li>
 *   <li>a narrowed {@code type} (a type the writer allowed is gone; {@code integer} is within {@code number});</li>
 *   <li>a narrowed {@code enum} (values the writer allowed are gone).</li>
 * </ul>
 * It recurses into {@code properties} and {@code items}. A {@code $ref} is compared as its text (shallow).
 */
final class JsonSchemaRules {

    private JsonSchemaRules() {
    }

    static List<CompatibilityIssue> compare(JsonNode writer, JsonNode reader, String against) {
        List<CompatibilityIssue> issues = new ArrayList<>();
        compare(writer, reader, "", against, issues);
        return issues;
    }

    private static void compare(JsonNode writer, JsonNode reader, String pointer, String against,
                                List<CompatibilityIssue> issues) {
        if (writer == null || reader == null || !writer.isObject() || !reader.isObject()) {
            return;
        }
        if (writer.has("$ref") || reader.has("$ref")) {
            if (!writer.path("$ref").equals(reader.path("$ref"))) {
                issues.add(new CompatibilityIssue(pointer + "/$ref", "changed from " + writer.path("$ref")
                        + " to " + reader.path("$ref") + against));
            }
            return;
        }
        Set<String> writerTypes = types(writer);
        Set<String> readerTypes = types(reader);
        if (!readerTypes.isEmpty()) {
            Set<String> lost = new LinkedHashSet<>();
            for (String t : writerTypes.isEmpty() ? Set.of("any") : writerTypes) {
                if (!readerTypes.contains(t) && !(t.equals("integer") && readerTypes.contains("number"))) {
                    lost.add(t);
                }
            }
            if (!lost.isEmpty()) {
                issues.add(new CompatibilityIssue(pointer + "/type", "narrowed from " + describe(writerTypes)
                        + " to " + describe(readerTypes) + ": " + lost + " no longer accepted" + against));
            }
        }
        if (reader.has("enum")) {
            Set<JsonNode> allowed = new LinkedHashSet<>();
            reader.get("enum").forEach(allowed::add);
            List<String> lost = new ArrayList<>();
            if (!writer.has("enum")) {
                lost.add("(any value)");
            } else {
                writer.get("enum").forEach(v -> {
                    if (!allowed.contains(v)) {
                        lost.add(v.toString());
                    }
                });
            }
            if (!lost.isEmpty()) {
                issues.add(new CompatibilityIssue(pointer + "/enum", "narrowed: " + String.join(", ", lost)
                        + " no longer allowed" + against));
            }
        }
        Set<String> writerRequired = strings(writer.path("required"));
        for (String r : strings(reader.path("required"))) {
            if (!writerRequired.contains(r)) {
                issues.add(new CompatibilityIssue(pointer + "/required", "property '" + r + "' is required but "
                        + "documents written with the other schema may not have it" + against));
            }
        }
        JsonNode writerProps = writer.path("properties");
        JsonNode readerProps = reader.path("properties");
        boolean closed = reader.path("additionalProperties").isBoolean() && !reader.path("additionalProperties").asBoolean();
        for (Iterator<String> it = writerProps.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            String p = pointer + "/properties/" + escape(name);
            if (readerProps.has(name)) {
                compare(writerProps.get(name), readerProps.get(name), p, against, issues);
            } else if (closed) {
                issues.add(new CompatibilityIssue(p, "was removed from a closed content model "
                        + "(additionalProperties: false), so documents that have it are rejected" + against));
            }
        }
        if (writer.has("items") && reader.has("items")) {
            compare(writer.get("items"), reader.get("items"), pointer + "/items", against, issues);
        }
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = strings(schema.path("type"));
        if (schema.path("type").isTextual()) {
            types = Set.of(schema.get("type").asText());
        }
        return types;
    }

    private static Set<String> strings(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static String describe(Set<String> types) {
        return types.isEmpty() ? "any type" : types.size() == 1 ? types.iterator().next() : types.toString();
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}

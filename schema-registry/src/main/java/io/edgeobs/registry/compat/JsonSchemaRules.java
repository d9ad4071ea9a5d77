package io.edgeobs.registry.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compatibility of two JSON Schemas for one direction: can every document valid under the writer's schema be read
 * under the reader's? BACKWARD: the older schema writes, the newer reads; FORWARD: the reverse. Each issue is at a
 * JSON pointer (the same path exists in both schemas, except for removed properties) and says what changed from the
 * older schema to the newer one, and who is hurt.
 * <ul>
 *   <li>{@code required}: the reader requires a property the writer does not (an added required property fails
 *       BACKWARD; a property that is no longer required fails FORWARD);</li>
 *   <li>closed content models ({@code additionalProperties: false}): a property the writer has and the reader does not
 *       list, or a reader closed where the writer was open;</li>
 *   <li>{@code type} narrowed (a type the writer allows is gone; {@code integer} is within {@code number});
 *       {@code enum}/{@code const} narrowed (values the writer allows are gone); bounds narrowed ({@code maximum},
 *       {@code minLength}, {@code maxItems} and the other numeric limits).</li>
 * </ul>
 * It recurses into {@code properties}, {@code items} (a schema or a tuple), {@code additionalProperties} schemas,
 * {@code patternProperties}, {@code definitions} and {@code $defs} (matched by name).
 *
 * <p>Decisions. {@code $ref} is handled shallowly: a changed reference is an issue, an unchanged one is not
 * followed; local definitions are compared by name in {@code definitions}/{@code $defs}, so a changed definition is
 * still found there, once. Remote references are not resolved. Combinators ({@code anyOf}, {@code oneOf},
 * {@code allOf}, {@code not}, {@code if}), {@code pattern} and {@code format} are not compared. A property added to
 * an open content model is accepted (Confluent is stricter: a writer may have used that name with another type).
 */
final class JsonSchemaRules {

    private static final List<String> UPPER_BOUNDS = List.of("maximum", "exclusiveMaximum", "maxLength", "maxItems",
            "maxProperties");
    private static final List<String> LOWER_BOUNDS = List.of("minimum", "exclusiveMinimum", "minLength", "minItems",
            "minProperties");
    private static final ObjectNode ANYTHING = JsonNodeFactory.instance.objectNode();

    private final Direction direction;
    private final String against;
    private final List<CompatibilityIssue> issues = new ArrayList<>();

    private JsonSchemaRules(Direction direction, String against) {
        this.direction = direction;
        this.against = against;
    }

    static List<CompatibilityIssue> compare(JsonNode older, JsonNode newer, Direction direction, String against) {
        JsonSchemaRules rules = new JsonSchemaRules(direction, against);
        if (direction == Direction.BACKWARD) {
            rules.compare(older, newer, "");
        } else {
            rules.compare(newer, older, "");
        }
        return rules.issues;
    }

    private void compare(JsonNode writer, JsonNode reader, String pointer) {
        if (writer.isBoolean() && !writer.asBoolean()) {
            return; // the writer writes nothing
        }
        if (reader.isBoolean()) {
            if (!reader.asBoolean()) {
                issue(pointer, "narrowed to false (no value is valid)", "widened from false (no value was valid)",
                        "may have any value", "reject every value");
            }
            return;
        }
        JsonNode w = writer.isBoolean() ? ANYTHING : writer;
        if (w.has("$ref") || reader.has("$ref")) {
            if (!w.path("$ref").equals(reader.path("$ref"))) {
                String from = direction == Direction.BACKWARD ? ref(w) : ref(reader);
                String to = direction == Direction.BACKWARD ? ref(reader) : ref(w);
                issues.add(new CompatibilityIssue(pointer + "/$ref", "changed from " + from + " to " + to
                        + " (references are compared by name, not resolved)" + against));
            }
            return;
        }
        types(w, reader, pointer);
        enums(w, reader, pointer);
        bounds(w, reader, pointer);
        required(w, reader, pointer);
        closedModel(w, reader, pointer);
        for (String keyword : JsonSchemaText.SCHEMA_MAPS) {
            JsonNode readerMap = reader.path(keyword);
            for (Iterator<String> it = w.path(keyword).fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (readerMap.has(name)) {
                    compare(w.path(keyword).get(name), readerMap.get(name),
                            pointer + "/" + keyword + "/" + JsonSchemaText.escape(name));
                }
            }
        }
        JsonNode ra = reader.path("additionalProperties");
        JsonNode wa = w.path("additionalProperties");
        if (ra.isObject()) {
            compare(wa.isMissingNode() ? ANYTHING : wa, ra, pointer + "/additionalProperties");
        }
        JsonNode wi = w.path("items");
        JsonNode ri = reader.path("items");
        if (wi.isArray() && ri.isArray()) {
            for (int i = 0; i < Math.min(wi.size(), ri.size()); i++) {
                compare(wi.get(i), ri.get(i), pointer + "/items/" + i);
            }
        } else if (!ri.isMissingNode() && !ri.isArray() && !wi.isArray()) {
            compare(wi.isMissingNode() ? ANYTHING : wi, ri, pointer + "/items");
        }
    }

    private void types(JsonNode writer, JsonNode reader, String pointer) {
        Set<String> rt = strings(reader.path("type"));
        if (rt.isEmpty()) {
            return;
        }
        Set<String> wt = writerTypes(writer);
        Set<String> lost = new LinkedHashSet<>();
        for (String t : wt.isEmpty() ? JsonSchemaText.TYPES : wt) {
            if (!rt.contains(t) && !(t.equals("integer") && rt.contains("number"))) {
                lost.add(t);
            }
        }
        if (!lost.isEmpty()) {
            String what = wt.isEmpty() ? "of another type" : String.join(" or ", lost);
            Set<String> old = direction == Direction.BACKWARD ? wt : rt;
            Set<String> now = direction == Direction.BACKWARD ? rt : wt;
            String verb = accepts(old, now) ? "narrowed" : accepts(now, old) ? "widened" : "changed";
            String change = verb + " from " + describe(old) + " to " + describe(now);
            issue(pointer + "/type", change, change, "may be " + what, "reject " + what);
        }
    }

    /** Whether every value of the types {@code some} is also one of the types {@code all} (empty: any type). */
    private static boolean accepts(Set<String> all, Set<String> some) {
        if (all.isEmpty()) {
            return true;
        }
        return !some.isEmpty() && some.stream()
                .allMatch(t -> all.contains(t) || (t.equals("integer") && all.contains("number")));
    }

    private void enums(JsonNode writer, JsonNode reader, String pointer) {
        Set<JsonNode> allowed = values(reader);
        if (allowed == null) {
            return;
        }
        String at = pointer + (reader.has("enum") ? "/enum" : "/const");
        Set<JsonNode> written = values(writer);
        if (written == null) {
            issue(at, "added (values are now limited)", "removed (values are no longer limited)",
                    "may have other values", "reject values other than " + join(allowed));
            return;
        }
        Set<String> allowedValues = new LinkedHashSet<>();
        allowed.forEach(v -> allowedValues.add(JsonSchemaText.canonical(v)));
        Set<JsonNode> lost = new LinkedHashSet<>();
        for (JsonNode v : written) {
            if (!allowedValues.contains(JsonSchemaText.canonical(v))) {
                lost.add(v);
            }
        }
        if (!lost.isEmpty()) {
            issue(at, join(lost) + " removed", join(lost) + " added",
                    "may have " + (lost.size() == 1 ? "it" : "them"), "reject " + (lost.size() == 1 ? "it" : "them"));
        }
    }

    private void bounds(JsonNode writer, JsonNode reader, String pointer) {
        for (String keyword : UPPER_BOUNDS) {
            bound(writer, reader, pointer, keyword, true);
        }
        for (String keyword : LOWER_BOUNDS) {
            bound(writer, reader, pointer, keyword, false);
        }
    }

    private void bound(JsonNode writer, JsonNode reader, String pointer, String keyword, boolean upper) {
        JsonNode r = reader.path(keyword);
        JsonNode w = writer.path(keyword);
        if (!r.isNumber() || (!w.isMissingNode() && !w.isNumber())) {
            return;
        }
        int cmp = w.isMissingNode() ? 0 : w.decimalValue().compareTo(r.decimalValue());
        boolean narrowed = w.isMissingNode() || (upper ? cmp > 0 : cmp < 0);
        if (narrowed) {
            String ws = w.isMissingNode() ? "none" : w.asText();
            issue(pointer + "/" + keyword, "narrowed from " + ws + " to " + r.asText(),
                    "widened from " + r.asText() + " to " + ws, "may exceed it", "reject values beyond " + r.asText());
        }
    }

    private void required(JsonNode writer, JsonNode reader, String pointer) {
        Set<String> guaranteed = strings(writer.path("required"));
        for (String name : strings(reader.path("required"))) {
            if (!guaranteed.contains(name)) {
                issues.add(new CompatibilityIssue(pointer + "/required", "property '" + name + "' is required by the "
                        + (direction == Direction.BACKWARD ? "newer schema but not by the older one; data written "
                        + "with the older schema may lack it" : "older schema but not by the newer one; data written "
                        + "with the newer schema may lack it") + against));
            }
        }
    }

    private void closedModel(JsonNode writer, JsonNode reader, String pointer) {
        if (!isFalse(reader.path("additionalProperties"))) {
            return;
        }
        if (!isFalse(writer.path("additionalProperties"))) {
            issue(pointer + "/additionalProperties", "closed (false)", "opened (was false)",
                    "may have properties the newer schema does not list", "reject properties they do not list");
        }
        JsonNode listed = reader.path("properties");
        for (Iterator<String> it = writer.path("properties").fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!listed.has(name)) {
                issue(pointer + "/properties/" + JsonSchemaText.escape(name),
                        "removed from a closed content model (additionalProperties: false)",
                        "added, but the older schema's content model is closed (additionalProperties: false)",
                        "may have it", "reject it");
            }
        }
    }

    /**
     * One issue, worded for the direction: what changed from the older schema to the newer one, then who is hurt —
     * BACKWARD: "data written with the older schema ...", FORWARD: "readers using the older schema ...".
     */
    private void issue(String pointer, String backwardChange, String forwardChange, String writerData,
                       String readers) {
        String message = direction == Direction.BACKWARD
                ? backwardChange + "; data written with the older schema " + writerData
                : forwardChange + "; readers using the older schema " + readers;
        issues.add(new CompatibilityIssue(pointer.isEmpty() ? "/" : pointer, message + against));
    }

    /** The writer's types: its {@code type}, else those of its enum or const values, else none (any type). */
    private static Set<String> writerTypes(JsonNode writer) {
        Set<String> types = strings(writer.path("type"));
        Set<JsonNode> values = values(writer);
        if (types.isEmpty() && values != null) {
            for (JsonNode v : values) {
                types.add(v.isTextual() ? "string" : v.isIntegralNumber() || (v.isNumber() && isWhole(v)) ? "integer"
                        : v.isNumber() ? "number" : v.isBoolean() ? "boolean" : v.isNull() ? "null"
                        : v.isArray() ? "array" : "object");
            }
        }
        return types;
    }

    private static boolean isWhole(JsonNode number) {
        return number.decimalValue().stripTrailingZeros().scale() <= 0;
    }

    /** enum values, or the const as a one-value enum; null when neither limits the values */
    private static Set<JsonNode> values(JsonNode schema) {
        if (schema.has("enum")) {
            Set<JsonNode> out = new LinkedHashSet<>();
            schema.get("enum").forEach(out::add);
            return out;
        }
        return schema.has("const") ? Set.of(schema.get("const")) : null;
    }

    private static Set<String> strings(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static boolean isFalse(JsonNode node) {
        return node.isBoolean() && !node.asBoolean();
    }

    private static String ref(JsonNode schema) {
        return schema.has("$ref") ? schema.get("$ref").toString() : "(no $ref)";
    }

    private static String describe(Set<String> types) {
        return types.isEmpty() ? "any type" : types.size() == 1 ? types.iterator().next() : types.toString();
    }

    private static String join(Set<JsonNode> values) {
        return String.join(", ", values.stream().map(JsonNode::toString).toList());
    }
}

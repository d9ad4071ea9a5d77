package io.edgeobs.registry.compat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Decides whether a candidate schema may follow earlier versions at a compatibility level, and says why not, in the
 * manner of Confluent Schema Registry. BACKWARD: a reader using the candidate reads data written with the earlier
 * version; FORWARD: a reader using the earlier version reads data written with the candidate; FULL: both. The
 * transitive levels check against every earlier version, the others against the newest only; NONE checks nothing
 * (the candidate must still parse). Rules: {@link ProtobufRules}, {@link JsonSchemaRules}. Plain Java, thread-safe.
 */
public final class CompatibilityChecker {

    /**
     * @param candidate the new schema text
     * @param previous  earlier versions of the subject, oldest first, newest last
     * @return every issue found, without duplicates (a rule that holds in both directions is reported once); issues
     *         against one of several versions end with {@code (against version i of n)}; empty when compatible
     * @throws SchemaParseException when the candidate, or an earlier version, is not a valid schema
     */
    public List<CompatibilityIssue> check(SchemaType type, String candidate, List<String> previous,
                                          CompatibilityLevel level) {
        Parsed newer = parse(type, candidate);
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return List.of();
        }
        int first = level.transitive() ? 0 : previous.size() - 1;
        LinkedHashSet<CompatibilityIssue> issues = new LinkedHashSet<>();
        for (int i = first; i < previous.size(); i++) {
            Parsed older;
            try {
                older = parse(type, previous.get(i));
            } catch (SchemaParseException e) {
                throw new SchemaParseException("earlier version " + (i + 1) + " of " + previous.size()
                        + " is not a valid schema: " + e.getMessage(), e);
            }
            String against = previous.size() - first == 1 ? "" : " (against version " + (i + 1) + " of "
                    + previous.size() + ")";
            if (level.backward()) {
                issues.addAll(compare(type, older, newer, Direction.BACKWARD, against));
            }
            if (level.forward()) {
                issues.addAll(compare(type, older, newer, Direction.FORWARD, against));
            }
        }
        return new ArrayList<>(issues);
    }

    /**
     * Parses a schema only to prove it is valid.
     *
     * @throws SchemaParseException when it is not
     */
    public void validate(SchemaType type, String schema) {
        parse(type, schema);
    }

    private record Parsed(ProtoModel proto, com.fasterxml.jackson.databind.JsonNode json) {
    }

    private static Parsed parse(SchemaType type, String text) {
        return type == SchemaType.PROTOBUF ? new Parsed(ProtoModel.parse(text), null)
                : new Parsed(null, JsonSchemaText.parse(text));
    }

    private static List<CompatibilityIssue> compare(SchemaType type, Parsed older, Parsed newer, Direction d,
                                                    String against) {
        return type == SchemaType.PROTOBUF ? ProtobufRules.compare(older.proto(), newer.proto(), d, against)
                : JsonSchemaRules.compare(older.json(), newer.json(), d, against);
    }
}

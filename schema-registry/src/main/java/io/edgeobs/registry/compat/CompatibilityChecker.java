package io.edgeobs.registry.compat;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Decides whether a candidate schema may follow earlier versions at a compatibility level, and says why not. */
public final class CompatibilityChecker {

    /**
     * @param previous earlier versions, oldest first; the transitive levels check all, the others the newest
     * @return every issue found; empty when the candidate is compatible
     * @throws SchemaParseException when the candidate (or a stored version) cannot be parsed
     */
    public List<CompatibilityIssue> check(SchemaType type, String candidate, List<String> previous,
                                          CompatibilityLevel level) {
        validate(type, candidate);
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return List.of();
        }
        List<String> against = level.transitive() ? previous : previous.subList(previous.size() - 1, previous.size());
        LinkedHashSet<CompatibilityIssue> issues = new LinkedHashSet<>();
        for (int i = 0; i < against.size(); i++) {
            String older = against.get(i);
            String label = against.size() == 1 ? "" : " (against version " + (previous.size() - against.size() + i + 1)
                    + " of " + previous.size() + ")";
            if (level.backward()) {
                issues.addAll(direction(type, older, candidate, Direction.BACKWARD, label));
            }
            if (level.forward()) {
                issues.addAll(direction(type, older, candidate, Direction.FORWARD, label));
            }
        }
        return new ArrayList<>(issues);
    }

    /** Parses a schema only to prove it is valid. */
    public void validate(SchemaType type, String schema) {
        if (type == SchemaType.PROTOBUF) {
            ProtoModel m = ProtoModel.parse(schema);
            if (m.messages().isEmpty()) {
                throw new SchemaParseException("a PROTOBUF schema must define at least one message");
            }
        } else {
            SchemaCanonicalizer.parseJson(schema);
        }
    }

    private static List<CompatibilityIssue> direction(SchemaType type, String older, String newer, Direction d,
                                                      String label) {
        String against = label;
        if (type == SchemaType.PROTOBUF) {
            return ProtobufRules.compare(ProtoModel.parse(older), ProtoModel.parse(newer), d, against);
        }
        JsonNode o = SchemaCanonicalizer.parseJson(older);
        JsonNode n = SchemaCanonicalizer.parseJson(newer);
        String suffix = against + (d == Direction.BACKWARD ? " [backward]" : " [forward]");
        return d == Direction.BACKWARD ? JsonSchemaRules.compare(o, n, suffix) : JsonSchemaRules.compare(n, o, suffix);
    }
}

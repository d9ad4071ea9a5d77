package io.edgeobs.registry.compat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.edgeobs.registry.compat.CompatibilityLevel.BACKWARD;
import static io.edgeobs.registry.compat.CompatibilityLevel.BACKWARD_TRANSITIVE;
import static io.edgeobs.registry.compat.CompatibilityLevel.FORWARD;
import static io.edgeobs.registry.compat.CompatibilityLevel.FORWARD_TRANSITIVE;
import static io.edgeobs.registry.compat.CompatibilityLevel.FULL;
import static io.edgeobs.registry.compat.CompatibilityLevel.FULL_TRANSITIVE;
import static io.edgeobs.registry.compat.SchemaType.JSON;
import static io.edgeobs.registry.compat.SchemaType.PROTOBUF;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every level against version histories, protobuf and JSON Schema: each scenario lists the levels that reject it
 * with the exact issues; every other level (NONE always) must accept it. Pairs are one earlier version; triples are
 * two, where the candidate breaks against version 1 only, so only the transitive levels see it.
 */
class CompatibilityMatrixTest {

    record Scenario(String name, SchemaType type, List<String> history, String candidate,
                    Map<CompatibilityLevel, List<CompatibilityIssue>> rejectedAt) {
        @Override
        public String toString() {
            return type + " " + name;
        }
    }

    // ------------------------------------------------------------------------------------------------ protobuf

    static final String P1 = """
            syntax = "proto2";
            package acme.v1;
            message Reading {
              optional string sensor = 1;
              optional double value = 2;
              required int64 at = 3;
            }
            """;
    static final String P_RESERVED = P1.replace("optional double value = 2;", "reserved 2; reserved \"value\";");
    static final String P_UNRESERVED = P1.replace("optional double value = 2;", "");

    static final CompatibilityIssue P_RETYPED = new CompatibilityIssue("message acme.v1.Reading field 2 (value)",
            "changed type from double to string");
    static final CompatibilityIssue P_NEW_REQUIRED = new CompatibilityIssue("message acme.v1.Reading field 4 (site)",
            "is a new required field that data written with the older schema does not have");
    static final CompatibilityIssue P_NO_LONGER_REQUIRED = new CompatibilityIssue("message acme.v1.Reading field 3 "
            + "(at)", "is no longer required; readers using the older schema require it");
    static final CompatibilityIssue P_UNRESERVED_VS_V1 = new CompatibilityIssue("message acme.v1.Reading field 2 "
            + "(value)", "was removed without reserving its number and name (add: reserved 2; reserved \"value\";) "
            + "(against version 1 of 2)");

    // --------------------------------------------------------------------------------------------- JSON Schema

    static final String J1 = """
            {"type": "object",
             "properties": {"sensor": {"type": "string"}, "note": {"type": "string"}, "unit": {"enum": ["bar", "psi"]}},
             "required": ["sensor"]}""";
    static final String J_NO_UNIT = J1.replace(", \"unit\": {\"enum\": [\"bar\", \"psi\"]}", "");
    static final String J_NO_NOTE = J1.replace("\"note\": {\"type\": \"string\"}, ", "");

    static final CompatibilityIssue J_REQUIRED_B = new CompatibilityIssue("/required", "property 'unit' is required "
            + "by the newer schema but not by the older one; data written with the older schema may lack it");
    static final CompatibilityIssue J_NOT_REQUIRED_F = new CompatibilityIssue("/required", "property 'sensor' is "
            + "required by the older schema but not by the newer one; data written with the newer schema may lack it");
    static final CompatibilityIssue J_TYPE_B = new CompatibilityIssue("/properties/note/type",
            "changed from string to integer; data written with the older schema may be string");
    static final CompatibilityIssue J_TYPE_F = new CompatibilityIssue("/properties/note/type",
            "changed from string to integer; readers using the older schema reject integer");
    static final CompatibilityIssue J_ENUM_B_VS_V1 = new CompatibilityIssue("/properties/unit/enum",
            "\"psi\" removed; data written with the older schema may have it (against version 1 of 2)");

    static List<Scenario> scenarios() {
        return List.of(
                new Scenario("added optional field", PROTOBUF, List.of(P1),
                        P1.replace("required int64 at = 3;", "required int64 at = 3;\n  optional string site = 4;"),
                        Map.of()),
                new Scenario("removed field, number and name reserved", PROTOBUF, List.of(P1), P_RESERVED, Map.of()),
                new Scenario("field number reused with another type", PROTOBUF, List.of(P1),
                        P1.replace("optional double value = 2;", "optional string value = 2;"),
                        everyLevel(List.of(P_RETYPED))),
                new Scenario("new required field", PROTOBUF, List.of(P1),
                        P1.replace("required int64 at = 3;", "required int64 at = 3;\n  required string site = 4;"),
                        at(List.of(P_NEW_REQUIRED), BACKWARD, BACKWARD_TRANSITIVE, FULL, FULL_TRANSITIVE)),
                new Scenario("required field made optional", PROTOBUF, List.of(P1),
                        P1.replace("required int64 at = 3;", "optional int64 at = 3;"),
                        at(List.of(P_NO_LONGER_REQUIRED), FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE)),
                new Scenario("v1 -> v2 reserves a removed field -> v3 drops the reservation", PROTOBUF,
                        List.of(P1, P_RESERVED), P_UNRESERVED,
                        at(List.of(P_UNRESERVED_VS_V1), BACKWARD_TRANSITIVE, FORWARD_TRANSITIVE, FULL_TRANSITIVE)),

                new Scenario("added optional property", JSON, List.of(J1),
                        J1.replace("\"unit\":", "\"at\": {\"type\": \"integer\"}, \"unit\":"), Map.of()),
                new Scenario("added required property", JSON, List.of(J1),
                        J1.replace("[\"sensor\"]", "[\"sensor\", \"unit\"]"),
                        at(List.of(J_REQUIRED_B), BACKWARD, BACKWARD_TRANSITIVE, FULL, FULL_TRANSITIVE)),
                new Scenario("property no longer required", JSON, List.of(J1), J1.replace("[\"sensor\"]", "[]"),
                        at(List.of(J_NOT_REQUIRED_F), FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE)),
                new Scenario("changed property type", JSON, List.of(J1),
                        J1.replace("\"note\": {\"type\": \"string\"}", "\"note\": {\"type\": \"integer\"}"), Map.of(
                        BACKWARD, List.of(J_TYPE_B), BACKWARD_TRANSITIVE, List.of(J_TYPE_B),
                        FORWARD, List.of(J_TYPE_F), FORWARD_TRANSITIVE, List.of(J_TYPE_F),
                        FULL, List.of(J_TYPE_B, J_TYPE_F), FULL_TRANSITIVE, List.of(J_TYPE_B, J_TYPE_F))),
                new Scenario("v1 -> v2 removes a property -> v3 brings it back as another type", JSON,
                        List.of(J1, J_NO_NOTE), J_NO_NOTE.replace("\"properties\": {",
                        "\"properties\": {\"note\": {\"type\": \"integer\"}, "), Map.of(
                        BACKWARD_TRANSITIVE, List.of(vs1(J_TYPE_B)), FORWARD_TRANSITIVE, List.of(vs1(J_TYPE_F)),
                        FULL_TRANSITIVE, List.of(vs1(J_TYPE_B), vs1(J_TYPE_F)))),
                new Scenario("v1 -> v2 removes an enum property -> v3 brings it back narrowed", JSON,
                        List.of(J1, J_NO_UNIT), J_NO_UNIT.replace("\"properties\": {",
                        "\"properties\": {\"unit\": {\"enum\": [\"bar\"]}, "),
                        at(List.of(J_ENUM_B_VS_V1), BACKWARD_TRANSITIVE, FULL_TRANSITIVE)));
    }

    static Stream<Arguments> rejected() {
        return scenarios().stream().flatMap(s -> s.rejectedAt().keySet().stream().sorted()
                .map(level -> Arguments.of(s, level)));
    }

    static Stream<Arguments> accepted() {
        return scenarios().stream().flatMap(s -> Arrays.stream(CompatibilityLevel.values())
                .filter(level -> !s.rejectedAt().containsKey(level)).map(level -> Arguments.of(s, level)));
    }

    private final CompatibilityChecker checker = new CompatibilityChecker();

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("rejected")
    void shouldRejectIncompatibleVersionsWithTheExactIssues(Scenario s, CompatibilityLevel level) {
        // When
        List<CompatibilityIssue> issues = checker.check(s.type(), s.candidate(), s.history(), level);

        // Then
        assertThat(issues).containsExactlyElementsOf(s.rejectedAt().get(level));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("accepted")
    void shouldAcceptCompatibleVersions(Scenario s, CompatibilityLevel level) {
        // When
        List<CompatibilityIssue> issues = checker.check(s.type(), s.candidate(), s.history(), level);

        // Then
        assertThat(issues).isEmpty();
    }

    @Test
    void shouldRejectSomeScenarioAtEveryLevelButNoneAndAcceptSomeAtEveryLevel() {
        // Given
        Set<CompatibilityLevel> rejecting = EnumSet.noneOf(CompatibilityLevel.class);
        Set<CompatibilityLevel> accepting = EnumSet.noneOf(CompatibilityLevel.class);

        // When
        rejected().forEach(a -> rejecting.add((CompatibilityLevel) a.get()[1]));
        accepted().forEach(a -> accepting.add((CompatibilityLevel) a.get()[1]));

        // Then: the matrix covers each level both ways, for both schema types
        assertThat(rejecting).isEqualTo(EnumSet.complementOf(EnumSet.of(CompatibilityLevel.NONE)));
        assertThat(accepting).isEqualTo(EnumSet.allOf(CompatibilityLevel.class));
        assertThat(scenarios()).extracting(Scenario::type).contains(PROTOBUF, JSON);
    }

    private static Map<CompatibilityLevel, List<CompatibilityIssue>> everyLevel(List<CompatibilityIssue> issues) {
        return at(issues, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE);
    }

    private static Map<CompatibilityLevel, List<CompatibilityIssue>> at(List<CompatibilityIssue> issues,
                                                                       CompatibilityLevel... levels) {
        List<Map.Entry<CompatibilityLevel, List<CompatibilityIssue>>> entries = new ArrayList<>();
        for (CompatibilityLevel level : levels) {
            entries.add(Map.entry(level, issues));
        }
        return Map.ofEntries(entries.toArray(Map.Entry[]::new));
    }

    private static CompatibilityIssue vs1(CompatibilityIssue issue) {
        return new CompatibilityIssue(issue.location(), issue.message() + " (against version 1 of 2)");
    }
}

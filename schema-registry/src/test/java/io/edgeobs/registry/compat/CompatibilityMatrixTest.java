package io.edgeobs.registry.compat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.edgeobs.registry.compat.CompatibilityLevel.BACKWARD;
import static io.edgeobs.registry.compat.CompatibilityLevel.BACKWARD_TRANSITIVE;
import static io.edgeobs.registry.compat.CompatibilityLevel.FORWARD;
import static io.edgeobs.registry.compat.CompatibilityLevel.FORWARD_TRANSITIVE;
import static io.edgeobs.registry.compat.CompatibilityLevel.FULL;
import static io.edgeobs.registry.compat.CompatibilityLevel.FULL_TRANSITIVE;
import static io.edgeobs.registry.compat.CompatibilityLevel.NONE;
import static io.edgeobs.registry.compat.SchemaType.JSON;
import static io.edgeobs.registry.compat.SchemaType.PROTOBUF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** For each level, versions that must pass and must fail, protobuf and JSON Schema, with the messages. */
class CompatibilityMatrixTest {

    private final CompatibilityChecker checker = new CompatibilityChecker();

    // ------------------------------------------------------------------------------------------------- protobuf

    static final String P1 = """
            syntax = "proto3";
            package acme.v1;
            message Reading {
              string sensor = 1;
              double value = 2;
              Unit unit = 3;
            }
            enum Unit { UNIT_UNSPECIFIED = 0; BAR = 1; PSI = 2; }
            """;
    static final String P_ADDED_FIELD = P1.replace("Unit unit = 3;", "Unit unit = 3;\n  int64 at = 4;");
    static final String P_REMOVED_UNRESERVED = P1.replace("double value = 2;", "");
    static final String P_REMOVED_RESERVED = P1.replace("double value = 2;", "reserved 2; reserved \"value\";");
    static final String P_RETYPED = P1.replace("double value = 2;", "string value = 2;");
    static final String P_REPEATED = P1.replace("double value = 2;", "repeated double value = 2;");
    static final String P_ENUM_VALUE_REMOVED = P1.replace(" PSI = 2;", "");
    static final String P_PACKAGE = P1.replace("package acme.v1;", "package acme.v2;");
    static final String P_RENAMED = P1.replace("message Reading", "message Measurement");
    static final String P_COMPATIBLE_SCALAR = P1.replace("string sensor = 1;", "bytes sensor = 1;");
    static final String P_COMMENTED = "// Readings of a pressure sensor.\n" + P1.replace("string sensor = 1;",
            "string sensor = 1;   // serial number\n  /* block */");

    @Test
    void shouldAcceptAddedFieldsAtEveryLevel() {
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            assertThat(checker.check(PROTOBUF, P_ADDED_FIELD, List.of(P1), level)).as(level.name()).isEmpty();
        }
    }

    @Test
    void shouldRejectARemovedFieldThatIsNotReserved() {
        assertThat(checker.check(PROTOBUF, P_REMOVED_UNRESERVED, List.of(P1), BACKWARD)).containsExactly(new CompatibilityIssue(
                "message acme.v1.Reading field 2 (value)",
                "was removed without reserving its number and name (add: reserved 2; reserved \"value\";)"));
        assertThat(checker.check(PROTOBUF, P_REMOVED_RESERVED, List.of(P1), FULL)).isEmpty();
        assertThat(checker.check(PROTOBUF, P_REMOVED_UNRESERVED, List.of(P1), NONE)).isEmpty();
    }

    @Test
    void shouldRejectAFieldNumberReusedWithAnotherTypeOrLabel() {
        assertThat(checker.check(PROTOBUF, P_RETYPED, List.of(P1), FORWARD)).containsExactly(new CompatibilityIssue(
                "message acme.v1.Reading field 2 (value)", "changed type from double to string"));
        assertThat(checker.check(PROTOBUF, P_REPEATED, List.of(P1), BACKWARD)).containsExactly(new CompatibilityIssue(
                "message acme.v1.Reading field 2 (value)", "changed label from singular to repeated"));
        assertThat(checker.check(PROTOBUF, P_COMPATIBLE_SCALAR, List.of(P1), FULL)).isEmpty();
        String reuse = P_REMOVED_RESERVED.replace("}\nenum", "  string value = 5;\n}\nenum");
        assertThat(checker.check(PROTOBUF, reuse, List.of(P_REMOVED_RESERVED), BACKWARD)).containsExactly(
                new CompatibilityIssue("message acme.v1.Reading field 5 (value)", "reuses a reserved number or name"));
    }

    @Test
    void shouldRejectRemovedEnumValuesChangedPackagesAndRenamedMessages() {
        assertThat(checker.check(PROTOBUF, P_ENUM_VALUE_REMOVED, List.of(P1), BACKWARD)).containsExactly(
                new CompatibilityIssue("enum acme.v1.Unit value 2 (PSI)", "was removed"));
        assertThat(checker.check(PROTOBUF, P_PACKAGE, List.of(P1), BACKWARD)).extracting(CompatibilityIssue::location)
                .startsWith("package").contains("message acme.v1.Reading", "enum acme.v1.Unit");
        assertThat(checker.check(PROTOBUF, P_RENAMED, List.of(P1), BACKWARD)).containsExactly(
                new CompatibilityIssue("message acme.v1.Reading", "the schema's first message was renamed or moved to "
                        + "'acme.v1.Measurement'"),
                new CompatibilityIssue("message acme.v1.Reading", "was removed"));
    }

    @Test
    void shouldIgnoreCommentsAndFormatting() {
        assertThat(SchemaCanonicalizer.canonical(PROTOBUF, P_COMMENTED)).isEqualTo(SchemaCanonicalizer.canonical(PROTOBUF, P1));
        assertThat(checker.check(PROTOBUF, P_COMMENTED, List.of(P1), FULL_TRANSITIVE)).isEmpty();
        assertThat(SchemaCanonicalizer.canonical(PROTOBUF, P_ADDED_FIELD)).isNotEqualTo(SchemaCanonicalizer.canonical(PROTOBUF, P1));
    }

    @Test
    void shouldCheckRequiredFieldsByDirectionInProto2() {
        String v1 = "syntax = \"proto2\";\npackage p;\nmessage M { optional string a = 1; }";
        String addedRequired = "syntax = \"proto2\";\npackage p;\nmessage M { optional string a = 1; required int32 b = 2; }";
        assertThat(checker.check(PROTOBUF, addedRequired, List.of(v1), BACKWARD)).containsExactly(new CompatibilityIssue(
                "message p.M field 2 (b)", "is a new required field that data written with the older schema does not have"));
        assertThat(checker.check(PROTOBUF, addedRequired, List.of(v1), FORWARD)).isEmpty();
    }

    @Test
    void shouldCheckOnlyTheLatestVersionUnlessTransitive() {
        // Given v1 -> v2 (field 2 removed and reserved) -> candidate reusing 2 with another type:
        // against v2 only, number 2 is reserved (a reuse); against v1 too, it is also a type change.
        String v2 = P_REMOVED_RESERVED;
        String candidate = P1.replace("double value = 2;", "string reading = 2;");
        List<String> history = List.of(P1, v2);

        assertThat(checker.check(PROTOBUF, candidate, history, BACKWARD)).extracting(CompatibilityIssue::message)
                .containsExactly("reuses a reserved number or name");
        assertThat(checker.check(PROTOBUF, candidate, history, BACKWARD_TRANSITIVE)).extracting(CompatibilityIssue::message)
                .containsExactly("changed type from double to string (now named reading) (against version 1 of 2)",
                        "reuses a reserved number or name (against version 2 of 2)");
        assertThat(checker.check(PROTOBUF, candidate, history, FORWARD_TRANSITIVE)).hasSize(2);
        assertThat(checker.check(PROTOBUF, candidate, history, FULL)).hasSize(1);
    }

    @Test
    void shouldCheckTheRealEdgeobsContract() throws IOException {
        // Given
        String telemetry = resource("/edgeobs/v1/telemetry.proto"); // the live contract, from telemetry-model
        String withNewField = telemetry.replace("  bytes exemplar_trace_id = 7;        // empty, or 16 bytes",
                "  bytes exemplar_trace_id = 7;        // empty, or 16 bytes\n  string description = 8;");
        String retyped = telemetry.replace("fixed64 timestamp_unix_nanos = 4;", "string timestamp_unix_nanos = 4;");

        // Then
        assertThat(withNewField).isNotEqualTo(telemetry);
        assertThat(checker.check(PROTOBUF, withNewField, List.of(telemetry), BACKWARD)).isEmpty();
        assertThat(checker.check(PROTOBUF, retyped, List.of(telemetry), BACKWARD)).containsExactly(new CompatibilityIssue(
                "message edgeobs.v1.MetricPoint field 4 (timestamp_unix_nanos)", "changed type from fixed64 to string"));
    }

    @Test
    void shouldRefuseSchemasThatDoNotParse() {
        assertThatThrownBy(() -> checker.check(PROTOBUF, "syntax = \"proto3\"; message {", List.of(), BACKWARD))
                .isInstanceOf(SchemaParseException.class).hasMessageContaining("schema.proto:1:");
        assertThatThrownBy(() -> checker.check(PROTOBUF, "syntax = \"proto3\"; package only;", List.of(), BACKWARD))
                .isInstanceOf(SchemaParseException.class).hasMessage("a PROTOBUF schema must define at least one message");
        assertThatThrownBy(() -> checker.check(JSON, "{\"type\": ", List.of(), BACKWARD))
                .isInstanceOf(SchemaParseException.class).hasMessageStartingWith("not valid JSON");
    }

    // --------------------------------------------------------------------------------------------- JSON Schema

    static final String J1 = """
            {"type": "object", "properties": {
              "sensor": {"type": "string"},
              "value": {"type": ["number", "null"]},
              "unit": {"enum": ["bar", "psi"]}},
             "required": ["sensor"]}""";

    @Test
    void shouldRejectAddedRequiredPropertiesBackwardOnly() {
        String addedRequired = J1.replace("\"required\": [\"sensor\"]", "\"required\": [\"sensor\", \"value\"]");
        assertThat(checker.check(JSON, addedRequired, List.of(J1), BACKWARD)).containsExactly(new CompatibilityIssue(
                "/required", "property 'value' is required but documents written with the other schema may not have it "
                        + "[backward]"));
        assertThat(checker.check(JSON, addedRequired, List.of(J1), FORWARD)).isEmpty();
        assertThat(checker.check(JSON, addedRequired, List.of(J1), FULL)).hasSize(1);
        assertThat(checker.check(JSON, addedRequired, List.of(J1), NONE)).isEmpty();
    }

    @Test
    void shouldRejectNarrowedTypesAndEnums() {
        String narrowedType = J1.replace("\"type\": [\"number\", \"null\"]", "\"type\": \"integer\"");
        assertThat(checker.check(JSON, narrowedType, List.of(J1), BACKWARD)).containsExactly(new CompatibilityIssue(
                "/properties/value/type", "narrowed from [number, null] to integer: [number, null] no longer accepted "
                        + "[backward]"));
        assertThat(checker.check(JSON, narrowedType, List.of(J1), FORWARD)).isEmpty();

        String narrowedEnum = J1.replace("[\"bar\", \"psi\"]", "[\"bar\"]");
        assertThat(checker.check(JSON, narrowedEnum, List.of(J1), BACKWARD_TRANSITIVE)).containsExactly(
                new CompatibilityIssue("/properties/unit/enum", "narrowed: \"psi\" no longer allowed [backward]"));
        assertThat(checker.check(JSON, narrowedEnum, List.of(J1), FORWARD_TRANSITIVE)).isEmpty();
        assertThat(checker.check(JSON, J1, List.of(narrowedEnum), FORWARD)).containsExactly(
                new CompatibilityIssue("/properties/unit/enum", "narrowed: \"psi\" no longer allowed [forward]"));
    }

    @Test
    void shouldRejectRemovedPropertiesOfAClosedContentModel() {
        String closed = J1.replace("\"required\"", "\"additionalProperties\": false, \"required\"");
        String removed = closed.replace("\"unit\": {\"enum\": [\"bar\", \"psi\"]}", "\"unit2\": {\"type\": \"string\"}");
        assertThat(checker.check(JSON, removed, List.of(closed), BACKWARD)).containsExactly(new CompatibilityIssue(
                "/properties/unit", "was removed from a closed content model (additionalProperties: false), so "
                        + "documents that have it are rejected [backward]"));
        String openRemoved = J1.replace("\"unit\": {\"enum\": [\"bar\", \"psi\"]}", "\"unit2\": {\"type\": \"string\"}");
        assertThat(checker.check(JSON, openRemoved, List.of(J1), BACKWARD)).isEmpty();
    }

    @Test
    void shouldCheckNestedPropertiesAndArrayItems() {
        String v1 = "{\"type\":\"object\",\"properties\":{\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
                + "\"site\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}}}";
        String v2 = "{\"type\":\"object\",\"properties\":{\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}},"
                + "\"site\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}},\"required\":[\"id\"]}}}";
        assertThat(checker.check(JSON, v2, List.of(v1), BACKWARD)).extracting(CompatibilityIssue::location)
                .containsExactly("/properties/tags/items/type", "/properties/site/required");
    }

    @Test
    void shouldIgnoreKeyOrderAndWhitespaceInJson() {
        String reordered = "{ \"required\" : [\"sensor\"], \"properties\": {\"unit\": {\"enum\": [\"bar\",\"psi\"]}, "
                + "\"value\": {\"type\": [\"number\",\"null\"]}, \"sensor\": {\"type\": \"string\"}}, \"type\":\"object\" }";
        assertThat(SchemaCanonicalizer.canonical(JSON, reordered)).isEqualTo(SchemaCanonicalizer.canonical(JSON, J1));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CompatibilityMatrixTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package io.edgeobs.registry.compat;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.edgeobs.registry.compat.CompatibilityLevel.BACKWARD;
import static io.edgeobs.registry.compat.CompatibilityLevel.FORWARD;
import static io.edgeobs.registry.compat.CompatibilityLevel.FULL;
import static io.edgeobs.registry.compat.CompatibilityLevel.FULL_TRANSITIVE;
import static io.edgeobs.registry.compat.SchemaType.PROTOBUF;
import static org.assertj.core.api.Assertions.assertThat;

/** The protobuf rules one by one, with the exact issue each gives. */
class ProtobufCompatibilityTest {

    static final String V1 = """
            syntax = "proto3";
            package acme.v1;
            message Reading {
              string sensor = 1;
              double value = 2;
              Unit unit = 3;
              Place place = 4;
            }
            message Place { string site = 1; }
            message Room { string name = 1; }
            enum Unit { UNIT_UNSPECIFIED = 0; BAR = 1; PSI = 2; }
            enum Scale { SCALE_UNSPECIFIED = 0; LINEAR = 1; }
            """;
    private static final String READING = "message acme.v1.Reading field ";

    private final CompatibilityChecker checker = new CompatibilityChecker();

    private List<CompatibilityIssue> check(String candidate, CompatibilityLevel level) {
        return checker.check(PROTOBUF, candidate, List.of(V1), level);
    }

    @Test
    void shouldAcceptARemovedFieldWhoseNumberAndNameAreReserved() {
        // Given
        String v2 = V1.replace("double value = 2;", "reserved 2; reserved \"value\";");

        // When / Then
        assertThat(check(v2, FULL_TRANSITIVE)).isEmpty();
    }

    @Test
    void shouldRejectARemovedFieldThatIsNotReserved() {
        // Given
        String unreserved = V1.replace("double value = 2;", "");
        String numberOnly = V1.replace("double value = 2;", "reserved 2;");
        String nameOnly = V1.replace("double value = 2;", "reserved \"value\";");

        // When / Then
        assertThat(check(unreserved, BACKWARD)).containsExactly(new CompatibilityIssue(READING + "2 (value)",
                "was removed without reserving its number and name (add: reserved 2; reserved \"value\";)"));
        assertThat(check(numberOnly, FORWARD)).containsExactly(new CompatibilityIssue(READING + "2 (value)",
                "was removed without reserving its name (add: reserved \"value\";)"));
        assertThat(check(nameOnly, FULL)).containsExactly(new CompatibilityIssue(READING + "2 (value)",
                "was removed without reserving its number (add: reserved 2;)"));
    }

    @Test
    void shouldRejectAFieldNumberReusedWithAnotherType() {
        // Given
        String retyped = V1.replace("double value = 2;", "string reading = 2;");

        // When
        List<CompatibilityIssue> issues = check(retyped, BACKWARD);

        // Then
        assertThat(issues).containsExactly(new CompatibilityIssue(READING + "2 (value)",
                "changed type from double to string (now named reading)"));
    }

    @Test
    void shouldAcceptScalarsThatShareAnEncoding() {
        // Given: one change from each group of interchangeable scalars
        String v2 = V1.replace("string sensor = 1;", "bytes sensor = 1;")
                .replace("message Room { string name = 1; }", "message Room { bytes name = 1; int64 floor = 2; "
                        + "sfixed64 at = 3; sint64 delta = 4; sfixed32 code = 5; }");
        String v1 = V1.replace("message Room { string name = 1; }", "message Room { string name = 1; bool floor = 2; "
                + "fixed64 at = 3; sint32 delta = 4; fixed32 code = 5; }");

        // When / Then
        assertThat(checker.check(PROTOBUF, v2, List.of(v1), FULL)).isEmpty();
    }

    @Test
    void shouldRejectScalarsWithAnotherEncoding() {
        // Given: int32 is a plain varint, sint32 zigzag; fixed32 is 4 bytes
        String v1 = V1.replace("message Room { string name = 1; }", "message Room { int32 a = 1; fixed32 b = 2; }");
        String v2 = V1.replace("message Room { string name = 1; }", "message Room { sint32 a = 1; int32 b = 2; }");

        // When / Then
        assertThat(checker.check(PROTOBUF, v2, List.of(v1), FULL)).containsExactly(
                new CompatibilityIssue("message acme.v1.Room field 1 (a)", "changed type from int32 to sint32"),
                new CompatibilityIssue("message acme.v1.Room field 2 (b)", "changed type from fixed32 to int32"));
    }

    @Test
    void shouldRejectAChangedMessageTypeOrEnumTypeOfAField() {
        // Given
        String v2 = V1.replace("Place place = 4;", "Room place = 4;").replace("Unit unit = 3;", "Scale unit = 3;");

        // When / Then
        assertThat(check(v2, BACKWARD)).containsExactly(
                new CompatibilityIssue(READING + "3 (unit)", "changed type from enum acme.v1.Unit to enum acme.v1.Scale"),
                new CompatibilityIssue(READING + "4 (place)",
                        "changed type from message acme.v1.Place to message acme.v1.Room"));
    }

    @Test
    void shouldRejectAnEnumFieldThatBecomesAnInteger() {
        // When / Then
        assertThat(check(V1.replace("Unit unit = 3;", "int32 unit = 3;"), FORWARD)).containsExactly(
                new CompatibilityIssue(READING + "3 (unit)", "changed type from enum acme.v1.Unit to int32"));
    }

    @Test
    void shouldAcceptOneTypeWrittenAsRelativeQualifiedOrAbsoluteName() {
        // Given
        String v2 = V1.replace("Unit unit = 3;", "acme.v1.Unit unit = 3;").replace("Place place = 4;",
                ".acme.v1.Place place = 4;");

        // When / Then
        assertThat(check(v2, FULL)).isEmpty();
    }

    @Test
    void shouldRejectASingularFieldThatBecomesRepeated() {
        // When / Then
        assertThat(check(V1.replace("double value = 2;", "repeated double value = 2;"), BACKWARD)).containsExactly(
                new CompatibilityIssue(READING + "2 (value)", "changed label from singular to repeated"));
    }

    @Test
    void shouldAcceptARenamedFieldAndAnExplicitOptionalInProto3() {
        // Given: the encoding knows numbers only; proto3 optional only adds presence
        String v2 = V1.replace("string sensor = 1;", "optional string sensor_serial = 1;");

        // When / Then
        assertThat(check(v2, FULL)).isEmpty();
    }

    @Test
    void shouldRejectARemovedEnumValueEvenWhenReserved() {
        // Given
        String removed = V1.replace(" PSI = 2;", "");
        String reserved = V1.replace(" PSI = 2;", " reserved 2; reserved \"PSI\";");

        // When / Then
        CompatibilityIssue issue = new CompatibilityIssue("enum acme.v1.Unit value 2 (PSI)", "was removed");
        assertThat(check(removed, BACKWARD)).containsExactly(issue);
        assertThat(check(reserved, FORWARD)).containsExactly(issue);
        assertThat(check(V1.replace(" PSI = 2;", " PSI = 2; KPA = 3;"), FULL)).isEmpty();
    }

    @Test
    void shouldRejectNumbersAndNamesThatTheOlderSchemaReserves() {
        // Given
        String v1 = V1.replace("double value = 2;", "reserved 2, 9 to 11; reserved \"value\";")
                .replace(" PSI = 2;", " reserved 2; reserved \"PSI\";");
        String v2 = v1.replace("reserved 2, 9 to 11; reserved \"value\";", "int64 count = 10; string value = 12;")
                .replace(" reserved 2; reserved \"PSI\";", " PASCAL = 2;");

        // When / Then
        assertThat(checker.check(PROTOBUF, v2, List.of(v1), BACKWARD)).containsExactly(
                new CompatibilityIssue(READING + "10 (count)", "reuses number 10, which the older schema reserves"),
                new CompatibilityIssue(READING + "12 (value)", "reuses name \"value\", which the older schema reserves"),
                new CompatibilityIssue("enum acme.v1.Unit value 2 (PASCAL)",
                        "reuses number 2, which the older schema reserves"));
    }

    @Test
    void shouldRejectAChangedPackageOnce() {
        // Given
        String v2 = V1.replace("package acme.v1;", "package acme.v2;");

        // When / Then: one issue, not one per message
        assertThat(check(v2, BACKWARD)).containsExactly(
                new CompatibilityIssue("package", "changed from 'acme.v1' to 'acme.v2'"));
    }

    @Test
    void shouldRejectARenamedFirstMessage() {
        // Given
        String renamed = V1.replace("message Reading {", "message Measurement {");
        String reordered = V1.replace("message Reading {", "message Zone { string id = 1; }\nmessage Reading {");

        // When / Then
        assertThat(check(renamed, BACKWARD)).containsExactly(new CompatibilityIssue("message acme.v1.Reading",
                "was removed or renamed: the schema's first message is now acme.v1.Measurement"));
        assertThat(check(reordered, FORWARD)).containsExactly(new CompatibilityIssue("message acme.v1.Reading",
                "is no longer the schema's first message (now acme.v1.Zone)"));
    }

    @Test
    void shouldRejectARemovedMessageOrEnum() {
        // Given
        String v2 = V1.replace("message Room { string name = 1; }", "")
                .replace("enum Scale { SCALE_UNSPECIFIED = 0; LINEAR = 1; }", "");

        // When / Then
        assertThat(check(v2, FULL)).containsExactly(new CompatibilityIssue("message acme.v1.Room", "was removed"),
                new CompatibilityIssue("enum acme.v1.Scale", "was removed"));
    }

    @Test
    void shouldCheckNestedMessagesAndMapValues() {
        // Given
        String v1 = V1.replace("message Room { string name = 1; }",
                "message Room { message Door { int32 width = 1; } map<string, Door> doors = 1; }");
        String v2 = V1.replace("message Room { string name = 1; }",
                "message Room { message Door { string width = 1; } map<string, Place> doors = 1; }");

        // When / Then
        assertThat(checker.check(PROTOBUF, v2, List.of(v1), BACKWARD)).containsExactly(
                new CompatibilityIssue("message acme.v1.Room field 1 (doors)",
                        "changed type from map<string, Room.Door> to map<string, Place>"),
                new CompatibilityIssue("message acme.v1.Room.Door field 1 (width)", "changed type from int32 to string"));
    }
}

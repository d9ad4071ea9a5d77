package io.edgeobs.registry.compat;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.edgeobs.registry.compat.CompatibilityLevel.BACKWARD;
import static io.edgeobs.registry.compat.CompatibilityLevel.FORWARD;
import static io.edgeobs.registry.compat.CompatibilityLevel.FULL;
import static io.edgeobs.registry.compat.SchemaType.PROTOBUF;
import static org.assertj.core.api.Assertions.assertThat;

/** The protobuf rules that depend on who reads whom: proto2 required fields and oneof membership. */
class ProtobufDirectionTest {

    static final String PROTO2 = """
            syntax = "proto2";
            package p;
            message M {
              optional string a = 1;
              required int32 b = 2;
            }
            """;
    static final String PROTO3 = """
            syntax = "proto3";
            package p;
            message M {
              string a = 1;
              string b = 2;
              oneof choice {
                string c = 3;
                int64 d = 4;
              }
            }
            """;

    private final CompatibilityChecker checker = new CompatibilityChecker();

    @Test
    void shouldRejectANewRequiredFieldBackwardButAcceptItForward() {
        // Given
        String v2 = PROTO2.replace("required int32 b = 2;", "required int32 b = 2;\n  required int64 c = 3;");

        // When / Then
        assertThat(checker.check(PROTOBUF, v2, List.of(PROTO2), BACKWARD)).containsExactly(new CompatibilityIssue(
                "message p.M field 3 (c)", "is a new required field that data written with the older schema does not "
                        + "have"));
        assertThat(checker.check(PROTOBUF, v2, List.of(PROTO2), FORWARD)).isEmpty();
    }

    @Test
    void shouldRejectAFieldThatBecomesRequiredBackwardButAcceptItForward() {
        // Given
        String v2 = PROTO2.replace("optional string a = 1;", "required string a = 1;");

        // When / Then
        assertThat(checker.check(PROTOBUF, v2, List.of(PROTO2), BACKWARD)).containsExactly(new CompatibilityIssue(
                "message p.M field 1 (a)", "became required; data written with the older schema may not have it"));
        assertThat(checker.check(PROTOBUF, v2, List.of(PROTO2), FORWARD)).isEmpty();
    }

    @Test
    void shouldRejectARequiredFieldThatBecomesOptionalForwardButAcceptItBackward() {
        // Given
        String v2 = PROTO2.replace("required int32 b = 2;", "optional int32 b = 2;");

        // When / Then
        assertThat(checker.check(PROTOBUF, v2, List.of(PROTO2), FORWARD)).containsExactly(new CompatibilityIssue(
                "message p.M field 2 (b)", "is no longer required; readers using the older schema require it"));
        assertThat(checker.check(PROTOBUF, v2, List.of(PROTO2), BACKWARD)).isEmpty();
    }

    @Test
    void shouldRejectARemovedRequiredFieldForwardEvenWhenReserved() {
        // Given
        String v2 = PROTO2.replace("required int32 b = 2;", "reserved 2; reserved \"b\";");

        // When / Then
        assertThat(checker.check(PROTOBUF, v2, List.of(PROTO2), FULL)).containsExactly(new CompatibilityIssue(
                "message p.M field 2 (b)", "was removed, but readers using the older schema require it"));
    }

    @Test
    void shouldAcceptASingleFieldMovedIntoANewOneof() {
        // Given
        String v2 = PROTO3.replace("string a = 1;", "oneof first {\n    string a = 1;\n  }");

        // When / Then
        assertThat(checker.check(PROTOBUF, v2, List.of(PROTO3), FULL)).isEmpty();
    }

    @Test
    void shouldRejectTwoFieldsMovedIntoANewOneofBackwardButAcceptThemForward() {
        // Given
        String v2 = PROTO3.replace("string a = 1;\n  string b = 2;", "oneof ab {\n    string a = 1;\n    string b = 2;\n  }");

        // When / Then
        assertThat(checker.check(PROTOBUF, v2, List.of(PROTO3), BACKWARD)).containsExactly(
                new CompatibilityIssue("message p.M field 1 (a)", "moved into oneof ab with field 2 (b): data written "
                        + "with the older schema may set both, and the newer schema keeps only one"),
                new CompatibilityIssue("message p.M field 2 (b)", "moved into oneof ab with field 1 (a): data written "
                        + "with the older schema may set both, and the newer schema keeps only one"));
        assertThat(checker.check(PROTOBUF, v2, List.of(PROTO3), FORWARD)).isEmpty();
    }

    @Test
    void shouldRejectAFieldMovedIntoAnExistingOneofBackward() {
        // Given
        String v2 = PROTO3.replace("  string b = 2;\n", "").replace("int64 d = 4;", "int64 d = 4;\n    string b = 2;");

        // When / Then
        assertThat(checker.check(PROTOBUF, v2, List.of(PROTO3), BACKWARD)).containsExactly(
                new CompatibilityIssue("message p.M field 2 (b)", "moved into oneof choice with field 3 (c): data "
                        + "written with the older schema may set both, and the newer schema keeps only one"));
        assertThat(checker.check(PROTOBUF, v2, List.of(PROTO3), FORWARD)).isEmpty();
    }

    @Test
    void shouldRejectFieldsMovedOutOfAOneofForwardButAcceptThemBackward() {
        // Given
        String v2 = PROTO3.replace("oneof choice {\n    string c = 3;\n    int64 d = 4;\n  }", "string c = 3;\n  int64 d = 4;");

        // When / Then
        assertThat(checker.check(PROTOBUF, v2, List.of(PROTO3), BACKWARD)).isEmpty();
        assertThat(checker.check(PROTOBUF, v2, List.of(PROTO3), FORWARD)).containsExactly(
                new CompatibilityIssue("message p.M field 3 (c)", "moved out of oneof choice: data written with the "
                        + "newer schema may set it together with field 4 (d), and readers using the older schema keep "
                        + "only one"),
                new CompatibilityIssue("message p.M field 4 (d)", "moved out of oneof choice: data written with the "
                        + "newer schema may set it together with field 3 (c), and readers using the older schema keep "
                        + "only one"));
    }

    @Test
    void shouldAcceptARenamedOneofAndANewOneofMember() {
        // Given
        String v2 = PROTO3.replace("oneof choice {", "oneof pick {").replace("int64 d = 4;", "int64 d = 4;\n    bool e = 5;");

        // When / Then
        assertThat(checker.check(PROTOBUF, v2, List.of(PROTO3), FULL)).isEmpty();
    }
}

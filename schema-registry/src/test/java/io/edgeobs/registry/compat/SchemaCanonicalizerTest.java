package io.edgeobs.registry.compat;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.edgeobs.registry.compat.SchemaCanonicalizer.canonical;
import static io.edgeobs.registry.compat.SchemaType.JSON;
import static io.edgeobs.registry.compat.SchemaType.PROTOBUF;
import static org.assertj.core.api.Assertions.assertThat;

/** Identity: what never changes the canonical form, and what always does. */
class SchemaCanonicalizerTest {

    static final String PROTO = """
            syntax = "proto3";
            package acme.v1;
            option java_package = "com.acme";
            option go_package = "example.com/acme//v1;/*v1*/";
            message Reading {
              string sensor = 1;
              double value = 2 [deprecated = true];
              Unit unit = 3;
              reserved 4, 9 to 11;
            }
            enum Unit { UNIT_UNSPECIFIED = 0; BAR = 1; PSI = 2; }
            """;
    static final String PROTO_COMMENTED_AND_REFORMATTED = """
            // Readings of a pressure sensor.
            /* A block
               comment. */
            syntax="proto3";   package   acme.v1 ;
            option java_package = "com.acme";   // where the classes go
            option go_package = "example.com/acme//v1;/*v1*/"; /* comments are not strings */
            message Reading
            {
                string   sensor=1;  // serial number "quoted // not a comment start"
                double value = 2 [ deprecated=true ];
                /** doc */ Unit unit = 3;
                reserved 4,
                         9 to 11;
            }
            enum Unit {
              UNIT_UNSPECIFIED = 0; /* trailing block */ BAR = 1;
              PSI = 2; // last
            }
            """;

    @Test
    void shouldAcceptCommentsAndFormattingAsTheSameProtobufSchema() {
        // When
        String canonical = canonical(PROTOBUF, PROTO);

        // Then
        assertThat(canonical(PROTOBUF, PROTO_COMMENTED_AND_REFORMATTED)).isEqualTo(canonical);
        assertThat(new CompatibilityChecker().check(PROTOBUF, PROTO_COMMENTED_AND_REFORMATTED, List.of(PROTO),
                CompatibilityLevel.FULL_TRANSITIVE)).isEmpty();
        assertThat(canonical).doesNotContain("comment").contains("message Reading {",
                "double value = 2 [deprecated = true];", "option go_package = \"example.com/acme//v1;/*v1*/\";");
    }

    @Test
    void shouldKeepTheProtobufCanonicalFormStableAndParsable() {
        // When
        String canonical = canonical(PROTOBUF, PROTO_COMMENTED_AND_REFORMATTED);

        // Then: the canonical form is itself a schema with the same canonical form
        assertThat(canonical(PROTOBUF, canonical)).isEqualTo(canonical);
        assertThat(canonical).startsWith("syntax = \"proto3\";\n\npackage acme.v1;\n");
    }

    @Test
    void shouldRejectEverySemanticChangeAsAnotherProtobufSchema() {
        // Given
        String base = canonical(PROTOBUF, PROTO);

        // When / Then
        assertThat(canonical(PROTOBUF, PROTO.replace("string sensor = 1;", "string sensor = 1;\n  int64 at = 5;")))
                .isNotEqualTo(base);
        assertThat(canonical(PROTOBUF, PROTO.replace("reserved 4, 9 to 11;", "reserved 4, 9 to 12;"))).isNotEqualTo(base);
        assertThat(canonical(PROTOBUF, PROTO.replace("\"com.acme\"", "\"com.acme.v1\""))).isNotEqualTo(base);
        assertThat(canonical(PROTOBUF, PROTO.replace(" [deprecated = true]", ""))).isNotEqualTo(base);
        assertThat(canonical(PROTOBUF, PROTO.replace("PSI = 2;", "PSI = 2; KPA = 3;"))).isNotEqualTo(base);
    }

    @Test
    void shouldAcceptAMissingSyntaxStatementAsProto2() {
        // Given
        String implicit = "package p;\nmessage M { optional string a = 1; }";
        String explicit = "syntax = \"proto2\";\n" + implicit;

        // When / Then
        assertThat(canonical(PROTOBUF, implicit)).isEqualTo(canonical(PROTOBUF, explicit));
    }

    @Test
    void shouldAcceptKeyOrderWhitespaceAndNumberNotationAsTheSameJsonSchema() {
        // Given: JSON Schema compares numbers by value
        String a = "{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"string\"},\"a\":{\"enum\":[2,1.5,100]}}}";
        String b = """
                {
                  "properties": { "a": { "enum": [ 2.0, 1.50, 1e2 ] },
                                  "b": { "type": "string" } },
                  "type": "object"
                }
                """;

        // When / Then
        assertThat(canonical(JSON, b)).isEqualTo(canonical(JSON, a))
                .isEqualTo("{\"properties\":{\"a\":{\"enum\":[2,1.5,100]},\"b\":{\"type\":\"string\"}},\"type\":\"object\"}");
    }

    @Test
    void shouldRejectArrayOrderAndValueChangesAsAnotherJsonSchema() {
        // Given
        String schema = "{\"enum\": [\"a\", \"b\"]}";

        // When / Then
        assertThat(canonical(JSON, "{\"enum\": [\"b\", \"a\"]}")).isNotEqualTo(canonical(JSON, schema));
        assertThat(canonical(JSON, "{\"enum\": [\"a\", \"c\"]}")).isNotEqualTo(canonical(JSON, schema));
    }
}

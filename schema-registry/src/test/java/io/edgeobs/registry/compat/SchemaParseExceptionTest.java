package io.edgeobs.registry.compat;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.edgeobs.registry.compat.CompatibilityLevel.BACKWARD;
import static io.edgeobs.registry.compat.CompatibilityLevel.NONE;
import static io.edgeobs.registry.compat.SchemaType.JSON;
import static io.edgeobs.registry.compat.SchemaType.PROTOBUF;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Invalid schema text: a SchemaParseException whose message says where and why. */
class SchemaParseExceptionTest {

    private final CompatibilityChecker checker = new CompatibilityChecker();

    private void assertRejected(SchemaType type, String text, String message) {
        assertThatThrownBy(() -> checker.check(type, text, List.of(), NONE))
                .isInstanceOf(SchemaParseException.class).hasMessage(message);
        assertThatThrownBy(() -> SchemaCanonicalizer.canonical(type, text))
                .isInstanceOf(SchemaParseException.class).hasMessage(message);
    }

    /** For messages worded by Wire or Jackson: where, and that it is theirs; not their exact words. */
    private void assertRejected(SchemaType type, String text, String prefix, String suffix) {
        assertThatThrownBy(() -> checker.check(type, text, List.of(), NONE))
                .isInstanceOf(SchemaParseException.class).hasMessageStartingWith(prefix).hasMessageEndingWith(suffix);
    }

    @Test
    void shouldRejectProtobufSyntaxErrorsWithLineAndColumn() {
        assertRejected(PROTOBUF, "syntax = \"proto3\";\nmessage M {\n  string a = ;\n}",
                "Syntax error in schema.proto:3:14: ", "");
        assertRejected(PROTOBUF, "syntax = \"proto3\";\n/* never closed\nmessage M {}",
                "schema.proto:2:1: unterminated /* comment");
        assertRejected(PROTOBUF, "  ", "the PROTOBUF schema is empty");
    }

    @Test
    void shouldRejectProtobufFilesThatProtocWouldRefuse() {
        assertRejected(PROTOBUF, "syntax = \"proto3\";\npackage p;\nmessage M {\n  string a = 1;\n  int32 b = 1;\n}",
                "schema.proto:5:3: field number 1 is used by both a and b in message p.M");
        assertRejected(PROTOBUF, "syntax = \"proto3\";\nmessage M {\n  Missing a = 1;\n}",
                "schema.proto:3:3: unknown type Missing of field a (not defined in this file, which imports nothing)");
        assertRejected(PROTOBUF, "syntax = \"proto3\";\nmessage M {\n  required int32 a = 1;\n}",
                "Syntax error in schema.proto:3:3: ", "");
        assertRejected(PROTOBUF, "syntax = \"proto3\";\nmessage M {\n  reserved 1;\n  int32 a = 1;\n}",
                "schema.proto:4:3: field 1 (a) uses a number or name that message M reserves");
        assertRejected(PROTOBUF, "syntax = \"proto3\";\nmessage M {}\nenum E {\n  A = 1;\n}",
                "schema.proto:4:3: the first value of proto3 enum E must be 0");
        assertRejected(PROTOBUF, "syntax = \"proto3\";\npackage only;\nenum E { A = 0; }",
                "a PROTOBUF schema must define at least one message");
    }

    @Test
    void shouldRejectJsonSyntaxErrorsWithLineAndColumn() {
        assertRejected(JSON, "{\"type\":\n  \"object\",,}", "not valid JSON: Unexpected character (','",
                " at line 2, column 12");
        assertRejected(JSON, "{\"type\": \"object\", \"type\": \"string\"}", "not valid JSON: Duplicate field 'type'",
                " at line 1, column 26");
        assertRejected(JSON, "{} {}", "not valid JSON: Trailing token", " at line 1, column 4");
        assertRejected(JSON, "[1, 2]", "a JSON Schema must be a JSON object or boolean");
    }

    @Test
    void shouldRejectJsonSchemaKeywordsOfTheWrongShapeWithTheirPointer() {
        assertRejected(JSON, "{\"properties\": {\"a\": {\"type\": \"strin\"}}}",
                "invalid JSON Schema at /properties/a/type: unknown type \"strin\" (expected one of string, number, "
                        + "integer, boolean, object, array, null)");
        assertRejected(JSON, "{\"properties\": {\"a\": 5}}",
                "invalid JSON Schema at /properties/a: a schema must be a JSON object or boolean");
        assertRejected(JSON, "{\"required\": [1]}",
                "invalid JSON Schema at /required: must list property names (strings), found 1");
    }

    @Test
    void shouldRejectAnInvalidEarlierVersionNamingIt() {
        assertThatThrownBy(() -> checker.check(JSON, "{}", List.of("{}", "{\"type\": 1}"), BACKWARD))
                .isInstanceOf(SchemaParseException.class).hasMessage("earlier version 2 of 2 is not a valid schema: "
                        + "invalid JSON Schema at /type: unknown type 1 (expected one of string, number, integer, "
                        + "boolean, object, array, null)");
    }
}

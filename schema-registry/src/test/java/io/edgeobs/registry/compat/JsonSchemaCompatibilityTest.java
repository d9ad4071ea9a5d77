package io.edgeobs.registry.compat;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.edgeobs.registry.compat.CompatibilityLevel.BACKWARD;
import static io.edgeobs.registry.compat.CompatibilityLevel.FORWARD;
import static io.edgeobs.registry.compat.CompatibilityLevel.FULL;
import static io.edgeobs.registry.compat.SchemaType.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/** The JSON Schema rules one by one, with the exact issue (JSON pointer and message) each gives. */
class JsonSchemaCompatibilityTest {

    static final String V1 = """
            {"type": "object",
             "properties": {
               "sensor": {"type": "string", "maxLength": 64},
               "value": {"type": ["number", "null"]},
               "unit": {"enum": ["bar", "psi"]}},
             "required": ["sensor"]}""";
    static final String CLOSED = V1.replace("\"required\"", "\"additionalProperties\": false, \"required\"");

    private final CompatibilityChecker checker = new CompatibilityChecker();

    private List<CompatibilityIssue> check(String older, String newer, CompatibilityLevel level) {
        return checker.check(JSON, newer, List.of(older), level);
    }

    @Test
    void shouldRejectAnAddedRequiredPropertyBackwardButAcceptItForward() {
        // Given
        String v2 = V1.replace("\"required\": [\"sensor\"]", "\"required\": [\"sensor\", \"value\"]");

        // When / Then
        assertThat(check(V1, v2, BACKWARD)).containsExactly(new CompatibilityIssue("/required", "property 'value' is "
                + "required by the newer schema but not by the older one; data written with the older schema may lack it"));
        assertThat(check(V1, v2, FORWARD)).isEmpty();
    }

    @Test
    void shouldRejectAPropertyThatIsNoLongerRequiredForwardButAcceptItBackward() {
        // Given
        String v2 = V1.replace("\"required\": [\"sensor\"]", "\"required\": []");

        // When / Then
        assertThat(check(V1, v2, FORWARD)).containsExactly(new CompatibilityIssue("/required", "property 'sensor' is "
                + "required by the older schema but not by the newer one; data written with the newer schema may lack it"));
        assertThat(check(V1, v2, BACKWARD)).isEmpty();
    }

    @Test
    void shouldRejectAPropertyRemovedFromAClosedContentModel() {
        // Given
        String v2 = CLOSED.replace(",\n   \"unit\": {\"enum\": [\"bar\", \"psi\"]}", "");

        // When / Then
        assertThat(check(CLOSED, v2, BACKWARD)).containsExactly(new CompatibilityIssue("/properties/unit",
                "removed from a closed content model (additionalProperties: false); data written with the older "
                        + "schema may have it"));
        assertThat(check(V1, V1.replace(",\n   \"unit\": {\"enum\": [\"bar\", \"psi\"]}", ""), FULL)).isEmpty();
    }

    @Test
    void shouldRejectAPropertyAddedToAClosedContentModelForward() {
        // Given
        String v2 = CLOSED.replace("\"unit\":", "\"site\": {\"type\": \"string\"},\n   \"unit\":");

        // When / Then
        assertThat(check(CLOSED, v2, BACKWARD)).isEmpty();
        assertThat(check(CLOSED, v2, FORWARD)).containsExactly(new CompatibilityIssue("/properties/site", "added, but "
                + "the older schema's content model is closed (additionalProperties: false); readers using the older "
                + "schema reject it"));
    }

    @Test
    void shouldRejectClosingAnOpenContentModelBackward() {
        // When / Then
        assertThat(check(V1, CLOSED, BACKWARD)).containsExactly(new CompatibilityIssue("/additionalProperties",
                "closed (false); data written with the older schema may have properties the newer schema does not list"));
        assertThat(check(V1, CLOSED, FORWARD)).isEmpty();
    }

    @Test
    void shouldRejectANarrowedTypeBackwardAndAWidenedTypeForward() {
        // Given
        String notNull = V1.replace("\"type\": [\"number\", \"null\"]", "\"type\": \"number\"");
        String integer = V1.replace("\"type\": [\"number\", \"null\"]", "\"type\": [\"integer\", \"null\"]");

        // When / Then
        assertThat(check(V1, notNull, BACKWARD)).containsExactly(new CompatibilityIssue("/properties/value/type",
                "narrowed from [number, null] to number; data written with the older schema may be null"));
        assertThat(check(V1, integer, BACKWARD)).containsExactly(new CompatibilityIssue("/properties/value/type",
                "narrowed from [number, null] to [integer, null]; data written with the older schema may be number"));
        assertThat(check(V1, notNull, FORWARD)).isEmpty();
        assertThat(check(notNull, V1, FORWARD)).containsExactly(new CompatibilityIssue("/properties/value/type",
                "widened from number to [number, null]; readers using the older schema reject null"));
        assertThat(check(notNull, V1, BACKWARD)).isEmpty();
    }

    @Test
    void shouldRejectANarrowedEnumBackwardAndAWidenedEnumForward() {
        // Given
        String narrowed = V1.replace("[\"bar\", \"psi\"]", "[\"bar\"]");

        // When / Then
        assertThat(check(V1, narrowed, BACKWARD)).containsExactly(new CompatibilityIssue("/properties/unit/enum",
                "\"psi\" removed; data written with the older schema may have it"));
        assertThat(check(V1, narrowed, FORWARD)).isEmpty();
        assertThat(check(narrowed, V1, FORWARD)).containsExactly(new CompatibilityIssue("/properties/unit/enum",
                "\"psi\" added; readers using the older schema reject it"));
        assertThat(check(narrowed, V1, BACKWARD)).isEmpty();
    }

    @Test
    void shouldRejectANarrowedBound() {
        // Given
        String v2 = V1.replace("\"maxLength\": 64", "\"maxLength\": 32");

        // When / Then
        assertThat(check(V1, v2, FULL)).containsExactly(new CompatibilityIssue("/properties/sensor/maxLength",
                "narrowed from 64 to 32; data written with the older schema may exceed it"));
        assertThat(check(v2, V1, FULL)).containsExactly(new CompatibilityIssue("/properties/sensor/maxLength",
                "widened from 32 to 64; readers using the older schema reject values beyond 32"));
    }

    @Test
    void shouldCheckNestedPropertiesAndArrayItems() {
        // Given
        String v1 = """
                {"type": "object", "properties": {
                  "tags": {"type": "array", "items": {"type": "string"}},
                  "site": {"type": "object", "properties": {"id": {"type": "string"}, "a/b": {"type": "string"}}}}}""";
        String v2 = v1.replace("\"items\": {\"type\": \"string\"}", "\"items\": {\"type\": \"integer\"}")
                .replace("\"a/b\": {\"type\": \"string\"}}}", "\"a/b\": {\"enum\": [\"x\"]}}, \"required\": [\"id\"]}");

        // When / Then
        assertThat(check(v1, v2, BACKWARD)).containsExactly(
                new CompatibilityIssue("/properties/tags/items/type",
                        "changed from string to integer; data written with the older schema may be string"),
                new CompatibilityIssue("/properties/site/required", "property 'id' is required by the newer schema but "
                        + "not by the older one; data written with the older schema may lack it"),
                new CompatibilityIssue("/properties/site/properties/a~1b/enum",
                        "added (values are now limited); data written with the older schema may have other values"));
    }

    @Test
    void shouldCompareReferencesByNameAndDefinitionsByName() {
        // Given
        String v1 = """
                {"type": "object",
                 "properties": {"home": {"$ref": "#/$defs/Place"}, "work": {"$ref": "#/$defs/Place"}},
                 "$defs": {"Place": {"type": "object", "properties": {"site": {"type": "string"}}},
                           "Room": {"type": "object"}}}""";
        String v2 = v1.replace("\"work\": {\"$ref\": \"#/$defs/Place\"}", "\"work\": {\"$ref\": \"#/$defs/Room\"}")
                .replace("\"site\": {\"type\": \"string\"}", "\"site\": {\"type\": \"integer\"}");

        // When / Then: the changed reference once, the changed definition once (not once per use)
        assertThat(check(v1, v2, BACKWARD)).containsExactly(
                new CompatibilityIssue("/properties/work/$ref", "changed from \"#/$defs/Place\" to \"#/$defs/Room\" "
                        + "(references are compared by name, not resolved)"),
                new CompatibilityIssue("/$defs/Place/properties/site/type",
                        "changed from string to integer; data written with the older schema may be string"));
    }

    @Test
    void shouldAcceptAddedOptionalPropertiesAndWiderTypesBackward() {
        // Given
        String v2 = V1.replace("\"type\": \"string\", \"maxLength\": 64", "\"type\": [\"string\", \"null\"]")
                .replace("\"unit\":", "\"at\": {\"type\": \"integer\"},\n   \"unit\":");

        // When / Then
        assertThat(check(V1, v2, BACKWARD)).isEmpty();
    }

    @Test
    void shouldRejectAConstThatNarrowsAnEnumAndAFalseSchema() {
        // Given
        String constant = V1.replace("{\"enum\": [\"bar\", \"psi\"]}", "{\"const\": \"bar\"}");
        String nothing = V1.replace("{\"enum\": [\"bar\", \"psi\"]}", "false");

        // When / Then
        assertThat(check(V1, constant, BACKWARD)).containsExactly(new CompatibilityIssue("/properties/unit/const",
                "\"psi\" removed; data written with the older schema may have it"));
        assertThat(check(V1, nothing, BACKWARD)).containsExactly(new CompatibilityIssue("/properties/unit",
                "narrowed to false (no value is valid); data written with the older schema may have any value"));
        assertThat(check(V1, nothing, FORWARD)).isEmpty();
    }

    @Test
    void shouldAcceptAnEnumWrittenWithoutTypeWhenTheReaderNamesItsType() {
        // Given: the enum's values are all strings, so "type": "string" rejects nothing the writer wrote
        String typed = V1.replace("{\"enum\": [\"bar\", \"psi\"]}", "{\"type\": \"string\", \"enum\": [\"bar\", \"psi\"]}");

        // When / Then
        assertThat(check(V1, typed, FULL)).isEmpty();
    }
}

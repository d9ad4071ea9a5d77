package io.edgeobs.query.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgeobs.query.api.QueryException.BadParameter;

import java.util.stream.Collectors;

/**
 * Reads rules strictly (an unknown or mistyped field is a 400 naming it, so a typo such as {@code treshold} is
 * not silently ignored) from JSON bodies, the stored spec and the YAML rules file; writes the stored spec.
 */
final class RuleCodec {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RuleCodec() {
    }

    /** A rule from a parsed tree; {@code prefix} goes before field names in errors ({@code rules[0].}). */
    static RuleSpec spec(JsonNode node, String prefix) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw new BadParameter(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "give a rule as an object");
        }
        try {
            return JSON.treeToValue(node, RuleSpec.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new BadParameter(field.isEmpty() ? (prefix.isEmpty() ? "body" : prefix + "?") : prefix + field,
                    e.getOriginalMessage().contains("Unrecognized field") ? "unknown field; see the rule format in "
                            + "ADR 0064" : "wrong type: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new BadParameter(prefix.isEmpty() ? "body" : prefix, "unreadable rule: " + e.getOriginalMessage());
        }
    }

    static String json(RuleSpec spec) {
        return jsonOf(spec);
    }

    static String jsonOf(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }

    /** A stored spec back into a rule (validated again: a row edited by hand fails its evaluation, not others). */
    static AlertRule stored(String id, String tenant, String source, String specJson) {
        try {
            AlertRule r = RuleValidator.validate(spec(JSON.readTree(specJson), ""), "");
            return r.withIdentity(id, tenant, "file".equals(source) ? AlertRule.Source.FILE : AlertRule.Source.API);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rule " + id + " has an unreadable spec: " + e.getOriginalMessage(), e);
        }
    }
}

package io.edgeobs.query.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeobs.query.logs.LogQuery.FieldMatch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The JSON objects a {@code fields.<key>=<value>} parameter matches by containment in PostgreSQL. A query string
 * has no types, so the value matches as a string and, when it reads as one, as a JSON number or boolean
 * ({@code fields.status=500} finds {@code {"status":500}} and {@code {"status":"500"}}); a dotted key matches
 * both a key with dots and a nested path ({@code fields.labels.env=prod} finds {@code {"labels":{"env":"prod"}}}).
 * That is what OpenSearch's {@code flat_object} field does with the same parameter.
 */
final class FieldJson {

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private FieldJson() {
    }

    static List<String> candidates(FieldMatch f, ObjectMapper json) {
        List<JsonNode> values = new ArrayList<>();
        values.add(json.getNodeFactory().textNode(f.value()));
        if (NUMBER.matcher(f.value()).matches()) {
            try {
                values.add(json.readTree(f.value()));
            } catch (java.io.IOException e) {
                // not a JSON number after all: the string alone
            }
        }
        if (f.value().equals("true") || f.value().equals("false")) {
            values.add(json.getNodeFactory().booleanNode(Boolean.parseBoolean(f.value())));
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (JsonNode v : values) {
            out.add(json.createObjectNode().set(f.key(), v).toString());
            if (f.key().contains(".")) {
                String[] path = f.key().split("\\.");
                JsonNode node = v;
                for (int i = path.length - 1; i >= 0; i--) {
                    ObjectNode parent = json.createObjectNode();
                    parent.set(path[i], node);
                    node = parent;
                }
                out.add(node.toString());
            }
        }
        return List.copyOf(out);
    }
}

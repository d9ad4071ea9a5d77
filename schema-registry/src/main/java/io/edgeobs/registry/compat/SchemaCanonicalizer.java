package io.edgeobs.registry.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.OptionElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ReservedElement;
import com.squareup.wire.schema.internal.parser.TypeElement;

import java.util.List;

/**
 * The identity of a schema: a normal form in which comments, whitespace and formatting (protobuf) or key order and
 * whitespace (JSON) no longer show. Two schemas with the same canonical form are the same schema and get the same id.
 */
public final class SchemaCanonicalizer {

    private static final ObjectMapper SORTED = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private SchemaCanonicalizer() {
    }

    public static String canonical(SchemaType type, String schemaText) {
        return type == SchemaType.PROTOBUF ? proto(ProtoModel.parse(schemaText).file()) : json(parseJson(schemaText));
    }

    static JsonNode parseJson(String text) {
        try {
            JsonNode node = SORTED.readTree(text);
            if (node == null || !(node.isObject() || node.isBoolean())) {
                throw new SchemaParseException("a JSON Schema must be a JSON object or boolean");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new SchemaParseException("not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        }
    }

    private static String json(JsonNode node) {
        try {
            Object sorted = SORTED.treeToValue(node, Object.class);
            return SORTED.writeValueAsString(sorted);
        } catch (JsonProcessingException e) {
            throw new SchemaParseException("cannot normalise JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String proto(ProtoFileElement f) {
        StringBuilder sb = new StringBuilder();
        sb.append("syntax ").append(f.getSyntax()).append(";\n");
        if (f.getPackageName() != null) {
            sb.append("package ").append(f.getPackageName()).append(";\n");
        }
        f.getImports().forEach(i -> sb.append("import \"").append(i).append("\";\n"));
        f.getPublicImports().forEach(i -> sb.append("import public \"").append(i).append("\";\n"));
        options(f.getOptions(), "", sb);
        for (TypeElement t : f.getTypes()) {
            type(t, "", sb);
        }
        f.getServices().forEach(s -> sb.append(s.toSchema().replaceAll("(?m)^\\s*//.*\\n", "")));
        return sb.toString();
    }

    private static void type(TypeElement t, String indent, StringBuilder sb) {
        if (t instanceof MessageElement m) {
            sb.append(indent).append("message ").append(m.getName()).append(" {\n");
            String in = indent + "  ";
            options(m.getOptions(), in, sb);
            for (ReservedElement r : m.getReserveds()) {
                sb.append(in).append("reserved ").append(r.getValues()).append(";\n");
            }
            m.getFields().forEach(fe -> field(fe, in, sb));
            for (OneOfElement o : m.getOneOfs()) {
                sb.append(in).append("oneof ").append(o.getName()).append(" {\n");
                o.getFields().forEach(fe -> field(fe, in + "  ", sb));
                sb.append(in).append("}\n");
            }
            m.getNestedTypes().forEach(n -> type(n, in, sb));
            sb.append(indent).append("}\n");
        } else if (t instanceof EnumElement e) {
            sb.append(indent).append("enum ").append(e.getName()).append(" {\n");
            String in = indent + "  ";
            options(e.getOptions(), in, sb);
            for (ReservedElement r : e.getReserveds()) {
                sb.append(in).append("reserved ").append(r.getValues()).append(";\n");
            }
            for (EnumConstantElement c : e.getConstants()) {
                sb.append(in).append(c.getName()).append(" = ").append(c.getTag());
                appendInlineOptions(c.getOptions(), sb);
                sb.append(";\n");
            }
            sb.append(indent).append("}\n");
        }
    }

    private static void field(FieldElement f, String indent, StringBuilder sb) {
        sb.append(indent);
        if (f.getLabel() != null && f.getLabel() != com.squareup.wire.schema.Field.Label.ONE_OF) {
            sb.append(f.getLabel().name().toLowerCase(java.util.Locale.ROOT)).append(' ');
        }
        sb.append(f.getType()).append(' ').append(f.getName()).append(" = ").append(f.getTag());
        appendInlineOptions(f.getOptions(), sb);
        if (f.getDefaultValue() != null) {
            sb.append(" [default = ").append(f.getDefaultValue()).append(']');
        }
        sb.append(";\n");
    }

    private static void options(List<OptionElement> options, String indent, StringBuilder sb) {
        for (OptionElement o : options) {
            sb.append(indent).append("option ").append(o.toSchema()).append(";\n");
        }
    }

    private static void appendInlineOptions(List<OptionElement> options, StringBuilder sb) {
        if (!options.isEmpty()) {
            sb.append(" [");
            for (int i = 0; i < options.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(options.get(i).toSchema());
            }
            sb.append(']');
        }
    }
}

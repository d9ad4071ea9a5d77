package io.edgeobs.registry.compat;

import com.squareup.wire.Syntax;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import kotlin.ranges.IntRange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code .proto} file reduced to what compatibility depends on: the package, and every message and enum (nested
 * ones too) under its name relative to the package ({@code Span}, {@code Span.Event}), with fields and values by
 * number and what each reserves. Type names of fields are resolved, so {@code Tag}, {@code edgeobs.v1.Tag} and
 * {@code .edgeobs.v1.Tag} are one type. Built and checked by {@link ProtoModelBuilder}.
 */
record ProtoModel(String packageName, boolean proto3, Map<String, Message> messages, Map<String, Enum> enums) {

    /** What a field's type is; a type change between kinds is always incompatible. */
    enum Kind {
        SCALAR, MESSAGE, ENUM, MAP, GROUP,
        /** a type from an imported file: known by name only */
        EXTERNAL
    }

    /**
     * @param type  the scalar name, the name relative to the package of a message or enum of this file, the map type
     *              ({@code map<string, Tag>}), or the name of an imported type as written (without a leading dot)
     * @param label {@code optional}, {@code required}, {@code repeated}, or empty (proto3 without label, map, oneof)
     * @param oneof the name of the oneof the field belongs to, or null
     */
    record Field(int number, String name, Kind kind, String type, String label, String oneof) {

        String describe() {
            return number + " (" + name + ")";
        }

        boolean repeated() {
            return label.equals("repeated") || kind == Kind.MAP;
        }

        boolean required() {
            return label.equals("required");
        }
    }

    /** Reserved numbers (as ranges) and names of a message or an enum. */
    record Reserved(List<IntRange> numbers, Set<String> names) {

        boolean number(int n) {
            return numbers.stream().anyMatch(r -> r.getFirst() <= n && n <= r.getLast());
        }

        boolean name(String s) {
            return names.contains(s);
        }

        static List<IntRange> ranges(List<Object> values) {
            List<IntRange> out = new ArrayList<>();
            for (Object v : values) {
                if (v instanceof Integer n) {
                    out.add(new IntRange(n, n));
                } else if (v instanceof IntRange r) {
                    out.add(r);
                }
            }
            return out;
        }
    }

    /** @param fields by number, oneof members included */
    record Message(String fullName, Map<Integer, Field> fields, Reserved reserved) {
    }

    /** @param values by number; with {@code allow_alias}, the first name of a number */
    record Enum(String fullName, Map<Integer, String> values, Reserved reserved) {
    }

    /**
     * @throws SchemaParseException when the text is not a valid {@code .proto} file, with the line and column
     */
    static ProtoModel parse(String text) {
        return fromFile(ProtoText.parse(text));
    }

    static ProtoModel fromFile(ProtoFileElement file) {
        ProtoModelBuilder b = new ProtoModelBuilder(file);
        return b.build();
    }

    static ProtoModel of(String packageName, Syntax syntax, LinkedHashMap<String, Message> messages,
                         LinkedHashMap<String, Enum> enums) {
        return new ProtoModel(packageName, syntax == Syntax.PROTO_3, messages, enums);
    }

    /** The first message of the file (relative name): the one the schema is about, message index 0 in Confluent. */
    String mainMessage() {
        return messages.keySet().iterator().next();
    }

    /** The full name of a type of this file given by its name relative to the package. */
    String qualify(String relativeName) {
        return packageName.isEmpty() ? relativeName : packageName + "." + relativeName;
    }

    /** The type of a field as an issue shows it: {@code double}, {@code message edgeobs.v1.Tag}, {@code enum ...}. */
    String describeType(Field f) {
        return switch (f.kind()) {
            case MESSAGE -> "message " + qualify(f.type());
            case ENUM -> "enum " + qualify(f.type());
            case GROUP -> "group " + f.type();
            default -> f.type();
        };
    }
}

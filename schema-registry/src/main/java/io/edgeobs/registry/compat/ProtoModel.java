package io.edgeobs.registry.compat;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import com.squareup.wire.schema.internal.parser.ReservedElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import kotlin.ranges.IntRange;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code .proto} file reduced to what compatibility depends on: package, messages with their fields by number,
 * enums with their values by number, and what each reserves. Comments and formatting are gone.
 */
record ProtoModel(ProtoFileElement file, String packageName, Map<String, Message> messages, Map<String, Enum> enums) {

    record Field(int number, String name, String type, String label, String oneof) {
        String describe() {
            return number + " (" + name + ")";
        }
    }

    record Message(String name, Map<Integer, Field> fields, Set<Integer> reservedNumbers, Set<String> reservedNames) {
    }

    record Enum(String name, Map<Integer, String> values, Set<Integer> reservedNumbers, Set<String> reservedNames) {
    }

    static ProtoModel parse(String text) {
        ProtoFileElement file;
        try {
            file = ProtoParser.Companion.parse(Location.Companion.get("schema.proto"), text);
        } catch (RuntimeException e) {
            throw new SchemaParseException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        String pkg = file.getPackageName() == null ? "" : file.getPackageName();
        Map<String, Message> messages = new LinkedHashMap<>();
        Map<String, Enum> enums = new LinkedHashMap<>();
        for (TypeElement t : file.getTypes()) {
            collect(t, pkg.isEmpty() ? "" : pkg + ".", pkg, messages, enums);
        }
        return new ProtoModel(file, pkg, messages, enums);
    }

    /** The first message of the file: the one the schema is about (message index 0 in the Confluent framing). */
    String mainMessage() {
        return messages.keySet().stream().findFirst().orElse("");
    }

    private static void collect(TypeElement t, String prefix, String pkg, Map<String, Message> messages,
                                Map<String, Enum> enums) {
        String full = prefix + t.getName();
        if (t instanceof MessageElement m) {
            Map<Integer, Field> fields = new LinkedHashMap<>();
            for (FieldElement f : m.getFields()) {
                fields.put(f.getTag(), field(f, null, pkg));
            }
            for (OneOfElement o : m.getOneOfs()) {
                for (FieldElement f : o.getFields()) {
                    fields.put(f.getTag(), field(f, o.getName(), pkg));
                }
            }
            Set<Integer> numbers = new HashSet<>();
            Set<String> names = new HashSet<>();
            reserved(m.getReserveds(), numbers, names);
            messages.put(full, new Message(full, fields, numbers, names));
        } else if (t instanceof EnumElement e) {
            Map<Integer, String> values = new LinkedHashMap<>();
            for (EnumConstantElement c : e.getConstants()) {
                values.put(c.getTag(), c.getName());
            }
            Set<Integer> numbers = new HashSet<>();
            Set<String> names = new HashSet<>();
            reserved(e.getReserveds(), numbers, names);
            enums.put(full, new Enum(full, values, numbers, names));
        }
        for (TypeElement nested : t.getNestedTypes()) {
            collect(nested, full + ".", pkg, messages, enums);
        }
    }

    private static Field field(FieldElement f, String oneof, String pkg) {
        com.squareup.wire.schema.Field.Label label = f.getLabel();
        String labelName = label == null || label == com.squareup.wire.schema.Field.Label.ONE_OF ? ""
                : label.name().toLowerCase(java.util.Locale.ROOT);
        return new Field(f.getTag(), f.getName(), normaliseType(f.getType(), pkg), labelName, oneof);
    }

    /** {@code .edgeobs.v1.Tag} and {@code edgeobs.v1.Tag} in package {@code edgeobs.v1} are both {@code Tag}. */
    private static String normaliseType(String type, String pkg) {
        String t = type.startsWith(".") ? type.substring(1) : type;
        return !pkg.isEmpty() && t.startsWith(pkg + ".") ? t.substring(pkg.length() + 1) : t;
    }

    private static void reserved(List<ReservedElement> reserveds, Set<Integer> numbers, Set<String> names) {
        for (ReservedElement r : reserveds) {
            for (Object v : r.getValues()) {
                if (v instanceof Integer n) {
                    numbers.add(n);
                } else if (v instanceof IntRange range) {
                    // ranges such as "reserved 9 to 11"; "to max" is bounded to keep the set small
                    int last = Math.min(range.getLast(), range.getFirst() + 10_000);
                    for (int n = range.getFirst(); n <= last; n++) {
                        numbers.add(n);
                    }
                } else if (v instanceof String s) {
                    names.add(s);
                }
            }
        }
    }

}

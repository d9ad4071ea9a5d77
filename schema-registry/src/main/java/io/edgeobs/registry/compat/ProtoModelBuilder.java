package io.edgeobs.registry.compat;

import com.squareup.wire.Syntax;
import com.squareup.wire.schema.Field.Label;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.GroupElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.OptionElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ReservedElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import io.edgeobs.registry.compat.ProtoModel.Field;
import io.edgeobs.registry.compat.ProtoModel.Kind;
import io.edgeobs.registry.compat.ProtoModel.Reserved;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@link ProtoModel} from Wire's parse tree and checks what Wire's parser leaves to its linker and
 * {@code protoc} would refuse: field numbers out of range, used twice or reserved; duplicate names; enums without
 * a zero first value (proto3) or with duplicate numbers (without {@code allow_alias}); field types that name
 * nothing (only when the file imports nothing: imported types cannot be checked here).
 */
final class ProtoModelBuilder {

    static final Set<String> SCALARS = Set.of("double", "float", "int32", "int64", "uint32", "uint64", "sint32",
            "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes");
    private static final int MAX_FIELD_NUMBER = 536_870_911;
    private static final Pattern MAP = Pattern.compile("map\\s*<\\s*([\\w.]+)\\s*,\\s*([\\w.]+)\\s*>");

    private final ProtoFileElement file;
    private final String pkg;
    private final boolean proto3;
    /** full name (with package) of every message and enum of the file, and which of the two it is */
    private final Map<String, Kind> types = new HashMap<>();
    private final LinkedHashMap<String, ProtoModel.Message> messages = new LinkedHashMap<>();
    private final LinkedHashMap<String, ProtoModel.Enum> enums = new LinkedHashMap<>();

    ProtoModelBuilder(ProtoFileElement file) {
        this.file = file;
        this.pkg = file.getPackageName() == null ? "" : file.getPackageName();
        this.proto3 = file.getSyntax() == Syntax.PROTO_3;
    }

    ProtoModel build() {
        for (TypeElement t : file.getTypes()) {
            declare(t, pkg);
        }
        if (!types.containsValue(Kind.MESSAGE)) {
            throw new SchemaParseException("a PROTOBUF schema must define at least one message");
        }
        for (TypeElement t : file.getTypes()) {
            collect(t, pkg);
        }
        return ProtoModel.of(pkg, file.getSyntax(), messages, enums);
    }

    private void declare(TypeElement t, String scope) {
        String full = join(scope, t.getName());
        Kind kind = t instanceof EnumElement ? Kind.ENUM : Kind.MESSAGE;
        if (types.put(full, kind) != null) {
            throw error(t.getLocation(), "'" + full + "' is already defined");
        }
        for (TypeElement nested : t.getNestedTypes()) {
            declare(nested, full);
        }
    }

    private void collect(TypeElement t, String scope) {
        String full = join(scope, t.getName());
        if (t instanceof MessageElement m) {
            messages.put(relative(full), message(m, full));
        } else if (t instanceof EnumElement e) {
            enums.put(relative(full), enumeration(e, full));
        }
        for (TypeElement nested : t.getNestedTypes()) {
            collect(nested, full);
        }
    }

    private ProtoModel.Message message(MessageElement m, String full) {
        Reserved reserved = reserved(m.getReserveds());
        Map<Integer, Field> fields = new LinkedHashMap<>();
        Map<String, Integer> names = new HashMap<>();
        for (FieldElement f : m.getFields()) {
            add(field(f, null, full), f.getLocation(), full, reserved, fields, names);
        }
        for (OneOfElement o : m.getOneOfs()) {
            for (FieldElement f : o.getFields()) {
                add(field(f, o.getName(), full), f.getLocation(), full, reserved, fields, names);
            }
        }
        for (GroupElement g : m.getGroups()) {
            Field f = new Field(g.getTag(), g.getName(), Kind.GROUP, g.getName(), label(g.getLabel()), null);
            add(f, g.getLocation(), full, reserved, fields, names);
        }
        return new ProtoModel.Message(full, fields, reserved);
    }

    private void add(Field f, Location at, String message, Reserved reserved, Map<Integer, Field> fields,
                     Map<String, Integer> names) {
        int n = f.number();
        if (n < 1 || n > MAX_FIELD_NUMBER) {
            throw error(at, "field number " + n + " of " + f.name() + " is out of range 1 to " + MAX_FIELD_NUMBER);
        }
        if (n >= 19_000 && n <= 19_999) {
            throw error(at, "field number " + n + " of " + f.name() + " is reserved for the protobuf implementation");
        }
        Field before = fields.put(n, f);
        if (before != null) {
            throw error(at, "field number " + n + " is used by both " + before.name() + " and " + f.name()
                    + " in message " + message);
        }
        if (names.put(f.name(), n) != null) {
            throw error(at, "field name " + f.name() + " is used twice in message " + message);
        }
        if (reserved.number(n) || reserved.name(f.name())) {
            throw error(at, "field " + f.describe() + " uses a number or name that message " + message + " reserves");
        }
    }

    private Field field(FieldElement f, String oneof, String scope) {
        String label = oneof != null ? "" : label(f.getLabel());
        Matcher map = MAP.matcher(f.getType());
        if (map.matches()) {
            if (!SCALARS.contains(map.group(1))) {
                throw error(f.getLocation(), "map key type " + map.group(1) + " is not a scalar type");
            }
            String value = SCALARS.contains(map.group(2)) ? map.group(2) : resolve(map.group(2), scope, f).type;
            String type = "map<" + map.group(1) + ", " + value + ">";
            return new Field(f.getTag(), f.getName(), Kind.MAP, type, label, oneof);
        }
        if (SCALARS.contains(f.getType())) {
            return new Field(f.getTag(), f.getName(), Kind.SCALAR, f.getType(), label, oneof);
        }
        Resolved r = resolve(f.getType(), scope, f);
        return new Field(f.getTag(), f.getName(), r.kind, r.type, label, oneof);
    }

    private record Resolved(Kind kind, String type) {
    }

    /** Protobuf's scoping, simplified: the innermost enclosing scope in which the name is defined wins. */
    private Resolved resolve(String name, String scope, FieldElement at) {
        if (name.startsWith(".")) {
            String abs = name.substring(1);
            return types.containsKey(abs) ? new Resolved(types.get(abs), relative(abs)) : external(abs, at);
        }
        String s = scope;
        while (true) {
            String candidate = join(s, name);
            if (types.containsKey(candidate)) {
                return new Resolved(types.get(candidate), relative(candidate));
            }
            if (s.isEmpty()) {
                return external(name, at);
            }
            int dot = s.lastIndexOf('.');
            s = dot < 0 ? "" : s.substring(0, dot);
        }
    }

    private Resolved external(String name, FieldElement at) {
        if (file.getImports().isEmpty() && file.getPublicImports().isEmpty() && file.getWeakImports().isEmpty()) {
            throw error(at.getLocation(), "unknown type " + name + " of field " + at.getName()
                    + " (not defined in this file, which imports nothing)");
        }
        return new Resolved(Kind.EXTERNAL, name);
    }

    private ProtoModel.Enum enumeration(EnumElement e, String full) {
        if (e.getConstants().isEmpty()) {
            throw error(e.getLocation(), "enum " + full + " has no values");
        }
        if (proto3 && e.getConstants().get(0).getTag() != 0) {
            throw error(e.getConstants().get(0).getLocation(), "the first value of proto3 enum " + full
                    + " must be 0");
        }
        boolean aliases = e.getOptions().stream().anyMatch(ProtoModelBuilder::allowAlias);
        Reserved reserved = reserved(e.getReserveds());
        Map<Integer, String> values = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (EnumConstantElement c : e.getConstants()) {
            String before = values.putIfAbsent(c.getTag(), c.getName());
            if (before != null && !aliases) {
                throw error(c.getLocation(), "enum " + full + " uses " + c.getTag() + " for both " + before + " and "
                        + c.getName() + " (without option allow_alias = true)");
            }
            if (!names.add(c.getName())) {
                throw error(c.getLocation(), "enum value name " + c.getName() + " is used twice in enum " + full);
            }
            if (reserved.number(c.getTag()) || reserved.name(c.getName())) {
                throw error(c.getLocation(), "enum value " + c.getName() + " = " + c.getTag()
                        + " uses a number or name that enum " + full + " reserves");
            }
        }
        return new ProtoModel.Enum(full, values, reserved);
    }

    private static boolean allowAlias(OptionElement o) {
        return o.getName().equals("allow_alias") && String.valueOf(o.getValue()).equals("true");
    }

    private static Reserved reserved(List<ReservedElement> reserveds) {
        Set<String> names = new HashSet<>();
        List<Object> numbers = new ArrayList<>();
        for (ReservedElement r : reserveds) {
            for (Object v : r.getValues()) {
                if (v instanceof String s) {
                    names.add(s);
                } else {
                    numbers.add(v);
                }
            }
        }
        return new Reserved(Reserved.ranges(numbers), names);
    }

    private static String label(Label label) {
        return label == null || label == Label.ONE_OF ? "" : label.name().toLowerCase(Locale.ROOT);
    }

    private String relative(String full) {
        return pkg.isEmpty() ? full : full.substring(pkg.length() + 1);
    }

    private static String join(String scope, String name) {
        return scope.isEmpty() ? name : scope + "." + name;
    }

    private static SchemaParseException error(Location at, String message) {
        return new SchemaParseException(at + ": " + message);
    }
}

package io.edgeobs.registry.compat;

import io.edgeobs.registry.compat.ProtoModel.Field;
import io.edgeobs.registry.compat.ProtoModel.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compatibility of two versions of a {@code .proto} schema, for one direction: BACKWARD (the newer schema reads data
 * written with the older) or FORWARD (the older reads data of the newer). Most rules hold in both directions and give
 * the same issue in both; those that depend on who reads (required fields, oneof membership) say so in their message.
 *
 * <p>Issues, each at {@code message <full name> field <number> (<name>)} (or the message, enum, enum value, package):
 * <ul>
 *   <li>the package changed; the schema's first message was removed, renamed or is no longer first; a message or
 *       enum was removed;</li>
 *   <li>a field number now has another type (scalar, message type, enum type, map, group), other than within the
 *       groups of interchangeable scalars below; a field switched between singular and {@code repeated};</li>
 *   <li>a field was removed and the newer schema does not reserve both its number and its name;</li>
 *   <li>a new field (or enum value) reuses a number or name the older schema reserves;</li>
 *   <li>an enum value (number) was removed, reserved or not;</li>
 *   <li>proto2 {@code required}: the reader requires a field the writer may not write (added, made required,
 *       or removed/made optional while the other side requires it);</li>
 *   <li>oneofs: the reader's oneof holds fields the writer may set together (fields moved into an existing oneof,
 *       several fields moved into a new one, or, read by the older schema, fields moved out of a oneof); a single
 *       field moved into a new oneof is fine.</li>
 * </ul>
 *
 * <p>Decisions. Interchangeable scalars share a wire encoding and value space, as protobuf's own guidance and
 * Confluent allow: {@code int32, uint32, int64, uint64, bool}; {@code sint32, sint64}; {@code fixed32, sfixed32};
 * {@code fixed64, sfixed64}; {@code string, bytes}. An enum and an integer are not interchangeable. Renaming a field
 * or an enum value (same number) is accepted: the binary encoding knows numbers only. proto3 {@code optional}
 * versus no label is accepted (same encoding). Extensions, options and services are not compared (they are part of
 * the canonical form, so they still make a new schema).
 */
final class ProtobufRules {

    private static final List<Set<String>> COMPATIBLE_SCALARS = List.of(
            Set.of("int32", "uint32", "int64", "uint64", "bool"),
            Set.of("sint32", "sint64"),
            Set.of("fixed32", "sfixed32"),
            Set.of("fixed64", "sfixed64"),
            Set.of("string", "bytes"));

    private final ProtoModel older;
    private final ProtoModel newer;
    private final Direction direction;
    private final String against;
    private final List<CompatibilityIssue> issues = new ArrayList<>();

    private ProtobufRules(ProtoModel older, ProtoModel newer, Direction direction, String against) {
        this.older = older;
        this.newer = newer;
        this.direction = direction;
        this.against = against;
    }

    /** Issues found when {@code newer} follows {@code older}, for readers in the given direction. */
    static List<CompatibilityIssue> compare(ProtoModel older, ProtoModel newer, Direction direction, String against) {
        ProtobufRules rules = new ProtobufRules(older, newer, direction, against);
        rules.compareFiles();
        return rules.issues;
    }

    private void compareFiles() {
        if (!older.packageName().equals(newer.packageName())) {
            issue("package", "changed from '" + older.packageName() + "' to '" + newer.packageName() + "'");
        }
        String main = older.mainMessage();
        if (!main.equals(newer.mainMessage())) {
            String now = newer.qualify(newer.mainMessage());
            issue("message " + older.qualify(main), newer.messages().containsKey(main)
                    ? "is no longer the schema's first message (now " + now + ")"
                    : "was removed or renamed: the schema's first message is now " + now);
        }
        for (Map.Entry<String, ProtoModel.Message> e : older.messages().entrySet()) {
            ProtoModel.Message now = newer.messages().get(e.getKey());
            if (now != null) {
                fields(e.getValue(), now);
            } else if (!e.getKey().equals(main)) {
                issue("message " + e.getValue().fullName(), "was removed");
            }
        }
        for (Map.Entry<String, ProtoModel.Enum> e : older.enums().entrySet()) {
            ProtoModel.Enum now = newer.enums().get(e.getKey());
            if (now == null) {
                issue("enum " + e.getValue().fullName(), "was removed");
            } else {
                enumValues(e.getValue(), now);
            }
        }
    }

    private void fields(ProtoModel.Message old, ProtoModel.Message now) {
        String where = "message " + old.fullName() + " field ";
        for (Field f : old.fields().values()) {
            Field g = now.fields().get(f.number());
            if (g == null) {
                removed(f, now, where);
                continue;
            }
            if (!sameType(f, g)) {
                issue(where + f.describe(), "changed type from " + older.describeType(f) + " to "
                        + newer.describeType(g) + (g.name().equals(f.name()) ? "" : " (now named " + g.name() + ")"));
            }
            if (f.repeated() != g.repeated()) {
                issue(where + f.describe(), "changed label from " + (f.repeated() ? "repeated" : "singular") + " to "
                        + (g.repeated() ? "repeated" : "singular"));
            }
            if (direction == Direction.BACKWARD && g.required() && !f.required()) {
                issue(where + f.describe(), "became required; data written with the older schema may not have it");
            }
            if (direction == Direction.FORWARD && f.required() && !g.required()) {
                issue(where + f.describe(), "is no longer required; readers using the older schema require it");
            }
        }
        for (Field g : now.fields().values()) {
            if (old.fields().containsKey(g.number())) {
                continue;
            }
            if (old.reserved().number(g.number())) {
                issue(where + g.describe(), "reuses number " + g.number() + ", which the older schema reserves");
            }
            if (old.reserved().name(g.name())) {
                issue(where + g.describe(), "reuses name \"" + g.name() + "\", which the older schema reserves");
            }
            if (direction == Direction.BACKWARD && g.required()) {
                issue(where + g.describe(), "is a new required field that data written with the older schema does "
                        + "not have");
            }
        }
        if (direction == Direction.BACKWARD) {
            oneofs(now, old, old, where);
        } else {
            oneofs(old, now, old, where);
        }
    }

    private void removed(Field f, ProtoModel.Message now, String where) {
        boolean number = now.reserved().number(f.number());
        boolean name = now.reserved().name(f.name());
        if (!number || !name) {
            String missing = !number && !name ? "number and name" : !number ? "number" : "name";
            String add = (!number ? "reserved " + f.number() + ";" : "")
                    + (!number && !name ? " " : "") + (!name ? "reserved \"" + f.name() + "\";" : "");
            issue(where + f.describe(), "was removed without reserving its " + missing + " (add: " + add + ")");
        }
        if (direction == Direction.FORWARD && f.required()) {
            issue(where + f.describe(), "was removed, but readers using the older schema require it");
        }
    }

    /**
     * A reader's oneof keeps only the last of its fields that it reads. That loses data when the writer could set
     * two of them: fields that the writer has outside any oneof, or in different oneofs.
     */
    private void oneofs(ProtoModel.Message reader, ProtoModel.Message writer, ProtoModel.Message old, String where) {
        Map<String, List<Field>> byOneof = new LinkedHashMap<>();
        for (Field f : reader.fields().values()) {
            if (f.oneof() != null && writer.fields().containsKey(f.number())) {
                byOneof.computeIfAbsent(f.oneof(), k -> new ArrayList<>()).add(f);
            }
        }
        for (Map.Entry<String, List<Field>> e : byOneof.entrySet()) {
            for (Field f : e.getValue()) {
                Field written = writer.fields().get(f.number());
                if (Objects.equals(written.oneof(), f.oneof())) {
                    continue;
                }
                for (Field other : e.getValue()) {
                    Field otherWritten = writer.fields().get(other.number());
                    if (other != f && (written.oneof() == null || !written.oneof().equals(otherWritten.oneof()))) {
                        issue(where + old.fields().get(f.number()).describe(), direction == Direction.BACKWARD
                                ? "moved into oneof " + e.getKey() + " with field " + other.describe()
                                + ": data written with the older schema may set both, and the newer schema keeps "
                                + "only one"
                                : "moved out of oneof " + e.getKey() + ": data written with the newer schema may set "
                                + "it together with field " + other.describe() + ", and readers using the older "
                                + "schema keep only one");
                        break;
                    }
                }
            }
        }
    }

    private void enumValues(ProtoModel.Enum old, ProtoModel.Enum now) {
        String where = "enum " + old.fullName() + " value ";
        for (Map.Entry<Integer, String> v : old.values().entrySet()) {
            if (!now.values().containsKey(v.getKey())) {
                issue(where + v.getKey() + " (" + v.getValue() + ")", "was removed");
            }
        }
        for (Map.Entry<Integer, String> v : now.values().entrySet()) {
            if (old.values().containsKey(v.getKey())) {
                continue;
            }
            if (old.reserved().number(v.getKey())) {
                issue(where + v.getKey() + " (" + v.getValue() + ")", "reuses number " + v.getKey()
                        + ", which the older schema reserves");
            }
            if (old.reserved().name(v.getValue())) {
                issue(where + v.getKey() + " (" + v.getValue() + ")", "reuses name \"" + v.getValue()
                        + "\", which the older schema reserves");
            }
        }
    }

    private static boolean sameType(Field a, Field b) {
        if (a.kind() != b.kind()) {
            return false;
        }
        if (a.type().equals(b.type())) {
            return true;
        }
        if (a.kind() != Kind.SCALAR) {
            return false;
        }
        return COMPATIBLE_SCALARS.stream().anyMatch(g -> g.contains(a.type()) && g.contains(b.type()));
    }

    private void issue(String location, String message) {
        issues.add(new CompatibilityIssue(location, message + against));
    }
}

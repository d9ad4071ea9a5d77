package io.edgeobs.registry.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compatibility of two versions of a {@code .proto} schema. Most rules hold in both directions (a field number
 * whose type changes breaks readers on either side); only proto2 {@code required} fields depend on who reads whom.
 *
 * <p>Scalar types that share a wire encoding and value space are interchangeable, as in protobuf's own guidance:
 * {@code int32, uint32, int64, uint64, bool}; {@code sint32, sint64}; {@code fixed32, sfixed32};
 * {@code fixed64, sfixed64}; {@code string, bytes}. Anything else is a type change.
 */
final class ProtobufRules {

    private static final List<Set<String>> COMPATIBLE_SCALARS = List.of(
            Set.of("int32", "uint32", "int64", "uint64", "bool"),
            Set.of("sint32", "sint64"),
            Set.of("fixed32", "sfixed32"),
            Set.of("fixed64", "sfixed64"),
            Set.of("string", "bytes"));

    private ProtobufRules() {
    }

    /** Issues found when {@code newer} replaces {@code older}, for readers in the given direction. */
    static List<CompatibilityIssue> compare(ProtoModel older, ProtoModel newer, Direction direction, String against) {
        List<CompatibilityIssue> issues = new ArrayList<>();
        if (!Objects.equals(older.packageName(), newer.packageName())) {
            issues.add(new CompatibilityIssue("package", "changed from '" + older.packageName() + "' to '"
                    + newer.packageName() + "'" + against));
        }
        if (!older.mainMessage().isEmpty() && !older.mainMessage().equals(newer.mainMessage())) {
            issues.add(new CompatibilityIssue("message " + older.mainMessage(), "the schema's first message was "
                    + "renamed or moved to '" + newer.mainMessage() + "'" + against));
        }
        for (ProtoModel.Message old : older.messages().values()) {
            ProtoModel.Message now = newer.messages().get(old.name());
            if (now == null) {
                issues.add(new CompatibilityIssue("message " + old.name(), "was removed" + against));
            } else {
                fields(old, now, direction, against, issues);
            }
        }
        for (ProtoModel.Enum old : older.enums().values()) {
            ProtoModel.Enum now = newer.enums().get(old.name());
            if (now == null) {
                issues.add(new CompatibilityIssue("enum " + old.name(), "was removed" + against));
            } else {
                enumValues(old, now, against, issues);
            }
        }
        return issues;
    }

    private static void fields(ProtoModel.Message old, ProtoModel.Message now, Direction direction, String against,
                               List<CompatibilityIssue> issues) {
        String where = "message " + old.name() + " field ";
        for (ProtoModel.Field f : old.fields().values()) {
            ProtoModel.Field g = now.fields().get(f.number());
            if (g == null) {
                if (!now.reservedNumbers().contains(f.number()) || !now.reservedNames().contains(f.name())) {
                    issues.add(new CompatibilityIssue(where + f.describe(), "was removed without reserving its "
                            + "number and name (add: reserved " + f.number() + "; reserved \"" + f.name() + "\";)"
                            + against));
                }
                if (direction == Direction.FORWARD && f.label().equals("required")) {
                    issues.add(new CompatibilityIssue(where + f.describe(), "is required by readers of the older "
                            + "schema but no longer written" + against));
                }
                continue;
            }
            if (!sameType(f.type(), g.type())) {
                issues.add(new CompatibilityIssue(where + f.describe(), "changed type from " + f.type() + " to "
                        + g.type() + (g.name().equals(f.name()) ? "" : " (now named " + g.name() + ")") + against));
            }
            if (repeated(f) != repeated(g)) {
                issues.add(new CompatibilityIssue(where + f.describe(), "changed label from "
                        + label(f) + " to " + label(g) + against));
            }
            if (!Objects.equals(f.oneof(), g.oneof())) {
                issues.add(new CompatibilityIssue(where + f.describe(), "moved " + (f.oneof() == null ? "into oneof "
                        + g.oneof() : g.oneof() == null ? "out of oneof " + f.oneof()
                        : "from oneof " + f.oneof() + " to oneof " + g.oneof()) + against));
            }
        }
        for (ProtoModel.Field g : now.fields().values()) {
            if (!old.fields().containsKey(g.number())) {
                if (old.reservedNumbers().contains(g.number()) || old.reservedNames().contains(g.name())) {
                    issues.add(new CompatibilityIssue(where + g.describe(), "reuses a reserved number or name"
                            + against));
                }
                if (direction == Direction.BACKWARD && g.label().equals("required")) {
                    issues.add(new CompatibilityIssue(where + g.describe(), "is a new required field that data "
                            + "written with the older schema does not have" + against));
                }
            }
        }
    }

    private static void enumValues(ProtoModel.Enum old, ProtoModel.Enum now, String against,
                                   List<CompatibilityIssue> issues) {
        for (Map.Entry<Integer, String> v : old.values().entrySet()) {
            if (!now.values().containsKey(v.getKey())) {
                issues.add(new CompatibilityIssue("enum " + old.name() + " value " + v.getKey() + " (" + v.getValue()
                        + ")", "was removed" + against));
            }
        }
        for (Map.Entry<Integer, String> v : now.values().entrySet()) {
            if (!old.values().containsKey(v.getKey()) && (old.reservedNumbers().contains(v.getKey())
                    || old.reservedNames().contains(v.getValue()))) {
                issues.add(new CompatibilityIssue("enum " + old.name() + " value " + v.getKey() + " (" + v.getValue()
                        + ")", "reuses a reserved number or name" + against));
            }
        }
    }

    private static boolean repeated(ProtoModel.Field f) {
        return f.label().equals("repeated");
    }

    private static String label(ProtoModel.Field f) {
        return repeated(f) ? "repeated" : "singular";
    }

    private static boolean sameType(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        for (Set<String> group : COMPATIBLE_SCALARS) {
            if (group.contains(a) && group.contains(b)) {
                return true;
            }
        }
        return false;
    }
}

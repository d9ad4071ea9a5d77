package io.edgeobs.model.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Typed, path-naming reads of a manifest's top-level fields. */
final class FieldReader {

    private FieldReader() {
    }

    static String text(ObjectNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            throw ManifestException.malformed(field, "is required");
        }
        if (!v.isTextual()) {
            throw ManifestException.malformed(field, "must be a string, not " + describe(v));
        }
        return v.textValue();
    }

    static String name(ObjectNode root, String field) {
        String s = text(root, field);
        if (!s.matches(ManifestParser.NAME_PATTERN)) {
            throw ManifestException.malformed(field, "'" + s + "' is not a valid name: letters, digits, '.', '_' and '-',"
                    + " starting with a letter or digit, at most 128 characters");
        }
        return s;
    }

    static long positiveLong(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            throw ManifestException.malformed(path, "is required");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() <= 0) {
            throw ManifestException.malformed(path, "must be a positive integer, not " + describe(v));
        }
        return v.longValue();
    }

    /** A mapping field; absent or null is an empty mapping. */
    static Map<String, JsonNode> mapping(ObjectNode root, String field) {
        JsonNode v = root.get(field);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw ManifestException.malformed(field, "must be a mapping, not " + describe(v));
        }
        v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static String subject(String subject) {
        if (subject.isBlank() || subject.length() > 255 || subject.chars().anyMatch(Character::isISOControl)) {
            throw ManifestException.malformed(YamlPaths.child("schemas", subject),
                    "a subject is 1 to 255 printable characters");
        }
        return subject;
    }

    static String versionString(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            throw ManifestException.malformed(path, "needs a version");
        }
        if (!v.isTextual()) {
            throw ManifestException.malformed(path, "must be a version string in quotes; YAML read it as "
                    + describe(v) + " (write \"1.10\", with the quotes, where 1.10 is meant)");
        }
        String s = v.textValue();
        if (s.isBlank() || s.length() > 128 || s.chars().anyMatch(Character::isISOControl)) {
            throw ManifestException.malformed(path, "a version is 1 to 128 printable characters");
        }
        return s;
    }

    static String sha256(JsonNode v, String path) {
        if (v == null || !v.isTextual() || !v.textValue().matches("[0-9a-fA-F]{64}")) {
            throw ManifestException.malformed(path, "must be the file's SHA-256 as 64 hex digits, not " + describe(v)
                    + " (./edgeobs manifest hash FILE prints it)");
        }
        return v.textValue().toLowerCase(Locale.ROOT);
    }

    static String describe(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isTextual()) {
            String s = v.textValue();
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (v.isBoolean()) {
            return "the boolean " + v.asText();
        }
        return "the number " + v.asText();
    }
}

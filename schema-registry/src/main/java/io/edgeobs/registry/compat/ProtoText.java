package io.edgeobs.registry.compat;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;

/**
 * {@code .proto} text: parsing with Wire's parser, and the canonical form.
 *
 * <p>Comments are blanked out before Wire sees the text (each comment character becomes a space, newlines stay, so
 * line and column numbers in error messages still point into the original). This keeps comments out of the parsed
 * elements entirely, and avoids Wire's refusal of code that follows a trailing block comment on the same line
 * (an enum value, a block comment, then another enum value), which {@code protoc} accepts.
 */
final class ProtoText {

    /** The file name in error messages: {@code schema.proto:3:14: ...}. */
    static final String FILE_NAME = "schema.proto";

    private static final String WIRE_HEADER_PREFIX = "// ";

    private ProtoText() {
    }

    static ProtoFileElement parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SchemaParseException("the PROTOBUF schema is empty");
        }
        try {
            return ProtoParser.Companion.parse(Location.get(FILE_NAME), stripComments(text));
        } catch (RuntimeException e) {
            // Wire says "Syntax error in schema.proto:3:14: expected ..."
            throw new SchemaParseException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    /**
     * The canonical form: Wire's own rendering of the parsed file (one declaration per line, fixed indentation and
     * spacing, options in a fixed layout) without Wire's header comment; a file without a syntax statement is proto2
     * and says so. Declaration order is kept: it is part of the schema as written.
     */
    static String canonical(ProtoFileElement file) {
        StringBuilder out = new StringBuilder();
        if (file.getSyntax() == null) {
            out.append("syntax = \"proto2\";\n\n");
        }
        boolean header = true;
        for (String line : file.toSchema().split("\n", -1)) {
            if (header && (line.startsWith(WIRE_HEADER_PREFIX) || line.isEmpty())) {
                continue; // "// Proto schema formatted by Wire, do not edit." and "// Source: schema.proto"
            }
            header = false;
            out.append(line).append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }

    /** Replaces line comments and block comments by spaces, outside string literals; keeps newlines. */
    static String stripComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                int end = endOfString(text, i);
                out.append(text, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int close = text.indexOf("*/", i + 2);
                if (close < 0) {
                    throw new SchemaParseException(FILE_NAME + ":" + position(text, i) + ": unterminated /* comment");
                }
                for (int j = i; j < close + 2; j++) {
                    out.append(text.charAt(j) == '\n' ? '\n' : ' ');
                }
                i = close + 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index after the string literal that starts at {@code start} (or the end of its line if unterminated). */
    private static int endOfString(String text, int start) {
        char quote = text.charAt(start);
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else if (c == '\n') {
                return i; // Wire reports the unterminated string
            } else {
                i++;
            }
        }
        return text.length();
    }

    /** "line:column", both 1-based. */
    static String position(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return line + ":" + (index - lineStart + 1);
    }
}

package io.edgeobs.model.convert.otlp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.edgeobs.model.codec.DecodeException;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Reads the values of OTLP/JSON, the JSON encoding of the OTLP specification, from a streaming Jackson parser:
 * ids as hex, other bytes as base64, 64-bit integers as numbers or decimal strings, enums as numbers or names,
 * {@code NaN}/{@code Infinity} as strings, {@code null} as the default value. Errors are
 * {@link DecodeException}s that name the field and the place in the body.
 */
final class OtlpJsonReader {

    /**
     * Nesting allowed in a body. Protobuf stops binary input at 100 nested messages; an attribute value nested
     * through key/value lists costs about 4 JSON levels per 3 messages, so this lets through what protobuf does.
     */
    private static final int MAX_NESTING = 160;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build();
    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private final JsonParser p;

    private OtlpJsonReader(JsonParser p) {
        this.p = p;
    }

    /** Reads one message from a reader positioned on its value. */
    interface MessageReader<T> {
        T read(OtlpJsonReader r) throws IOException;
    }

    static <T> T read(byte[] body, String signal, MessageReader<T> reader) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            OtlpJsonReader r = new OtlpJsonReader(parser);
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new DecodeException("an OTLP/JSON " + signal + " export request must be a JSON object, "
                        + (first == null ? "the body is empty" : "found " + describe(first)));
            }
            T request = reader.read(r);
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw r.error("found " + describe(after) + " after the request object");
            }
            return request;
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new DecodeException("body is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new DecodeException("body cannot be read as JSON: " + e.getMessage(), e);
        }
    }

    /** True when the current value is an object to read (false for {@code null}); then use {@link #nextField}. */
    boolean object(String field) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            return true;
        }
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        throw error(field + " must be an object, found " + describe(t));
    }

    /**
     * Moves to the value of the next field and returns its name, or null at the end of the object. Fields whose
     * value is {@code null} are passed over: in OTLP/JSON as in protobuf's JSON, null means "not set".
     */
    String nextField() throws IOException {
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            if (p.nextToken() != JsonToken.VALUE_NULL) {
                return name;
            }
        }
        return null;
    }

    /** True when the current value is an array to read (false for {@code null}); then use {@link #nextElement}. */
    boolean array(String field) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_ARRAY) {
            return true;
        }
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        throw error(field + " must be an array, found " + describe(t));
    }

    /** Reads every element of the current array (none for {@code null}) and hands each to {@code add}. */
    <T> void each(String field, MessageReader<T> element, Consumer<T> add) throws IOException {
        if (array(field)) {
            while (nextElement()) {
                add.accept(element.read(this));
            }
        }
    }

    /** Moves to the next element of the array; false at its end. */
    boolean nextElement() throws IOException {
        return p.nextToken() != JsonToken.END_ARRAY;
    }

    /** Skips the current value, for fields OTLP receivers must ignore because they do not know them. */
    void skip() throws IOException {
        p.skipChildren();
    }

    String string(String field) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> "";
            default -> throw error(field + " must be a string, found " + describe(p.currentToken()));
        };
    }

    boolean bool(String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE || t == JsonToken.VALUE_NULL) {
            return t == JsonToken.VALUE_TRUE;
        }
        if (t == JsonToken.VALUE_STRING && (p.getText().equals("true") || p.getText().equals("false"))) {
            return p.getText().equals("true");
        }
        throw error(field + " must be true or false, found " + describe(t));
    }

    /** A signed 64-bit integer ({@code int64}, {@code sfixed64}). */
    long int64(String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(p.getText()); // the usual form of 64-bit integers in OTLP/JSON
            } catch (NumberFormatException notPlainDecimal) {
                // exponent, fraction, blanks or out of range: decided below
            }
        }
        BigInteger v = integer(field);
        if (v.bitLength() > 63) {
            throw error(field + " " + v + " does not fit in a signed 64-bit integer");
        }
        return v.longValue();
    }

    /** An unsigned 64-bit integer ({@code fixed64}, {@code uint64}) in the bits of a long. */
    long uint64(String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                && p.getLongValue() >= 0) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Long.parseUnsignedLong(p.getText());
            } catch (NumberFormatException notPlainDecimal) {
                // decided below
            }
        }
        BigInteger v = integer(field);
        if (v.signum() < 0 || v.compareTo(TWO_TO_64) >= 0) {
            throw error(field + " " + v + " does not fit in an unsigned 64-bit integer");
        }
        return v.longValue();
    }

    /** A 32-bit integer; unsigned ones ({@code uint32}, {@code fixed32}) keep their bits. */
    int int32(String field, boolean unsigned) throws IOException {
        long v = int64(field);
        boolean fits = unsigned ? v >= 0 && v <= 0xFFFF_FFFFL : v == (int) v;
        if (!fits) {
            throw error(field + " " + v + " does not fit in " + (unsigned ? "an unsigned" : "a") + " 32-bit integer");
        }
        return (int) v;
    }

    private BigInteger integer(String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return BigInteger.valueOf(p.getLongValue());
        }
        if (t == JsonToken.VALUE_NULL) {
            return BigInteger.ZERO;
        }
        String text = t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT
                || t == JsonToken.VALUE_NUMBER_FLOAT ? p.getText().trim() : null;
        if (text != null && !text.isEmpty()) {
            try {
                return new BigDecimal(text).toBigIntegerExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw error(field + " must be an integer, was '" + text + "'");
            }
        }
        throw error(field + " must be an integer, found " + describe(t));
    }

    double float64(String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (t == JsonToken.VALUE_STRING) {
            String text = p.getText();
            switch (text) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return new BigDecimal(text.trim()).doubleValue();
                    } catch (NumberFormatException e) {
                        throw error(field + " must be a number, was '" + text + "'");
                    }
            }
        }
        throw error(field + " must be a number, found " + describe(t));
    }

    /** An enum by number, or by its name in the .proto file ({@code "SPAN_KIND_SERVER"}). */
    int enumValue(String field, ToIntFunction<String> numberOfName) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            try {
                return numberOfName.applyAsInt(p.getText());
            } catch (IllegalArgumentException e) {
                throw error(field + " has no value named '" + p.getText() + "'");
            }
        }
        return int32(field, false);
    }

    /** A trace or span id: hex in OTLP/JSON, not base64 as in protobuf's own JSON mapping. */
    ByteString id(String field) throws IOException {
        String hex = string(field);
        if (hex.isEmpty()) {
            return ByteString.EMPTY;
        }
        try {
            return UnsafeByteOperations.unsafeWrap(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw error(field + " '" + hex + "' is not hexadecimal (OTLP/JSON writes ids as hex)");
        }
    }

    /** Bytes other than ids: base64, standard or URL-safe. */
    ByteString bytes(String field) throws IOException {
        String text = string(field);
        if (text.isEmpty()) {
            return ByteString.EMPTY;
        }
        try {
            boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
            return UnsafeByteOperations.unsafeWrap((urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text));
        } catch (IllegalArgumentException e) {
            throw error(field + " is not base64");
        }
    }

    DecodeException error(String message) {
        JsonLocation at = p.currentTokenLocation();
        return new DecodeException("body is not a valid OTLP/JSON request: " + message
                + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
        };
    }
}

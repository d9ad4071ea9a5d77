package io.edgeobs.model.convert.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import io.edgeobs.model.Id;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP attribute values as edgeobs tags (strings), as structured log fields (JSON-like values) and as JSON text,
 * following OpenTelemetry's rules for showing an {@code AnyValue} outside OTLP: strings as they are, booleans and
 * integers as text, doubles as short decimal text ({@code NaN}, {@code Infinity}, {@code -Infinity} when not
 * finite), bytes in base64, arrays and key/value lists as JSON.
 */
final class OtlpAttributes {

    private static final JsonFactory JSON = new JsonFactory();
    /** Up to this magnitude every integral double is exact as a long, so {@code 504.0} shows as {@code 504}. */
    private static final double EXACT_LONG = 9.007199254740992E15;

    private OtlpAttributes() {
    }

    /** A value as a tag string. */
    static String asString(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue() ? "true" : "false";
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> doubleText(v.getDoubleValue());
            case BYTES_VALUE -> base64(v.getBytesValue());
            case ARRAY_VALUE, KVLIST_VALUE -> toJson(v);
            case VALUE_NOT_SET -> "";
        };
    }

    /** A value as a structured field: Long, Double, Boolean, String, List, Map or null; bytes become base64. */
    static Object asObject(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BYTES_VALUE -> base64(v.getBytesValue());
            case ARRAY_VALUE -> {
                List<AnyValue> values = v.getArrayValue().getValuesList();
                List<Object> list = new ArrayList<>(values.size());
                for (AnyValue item : values) {
                    list.add(asObject(item));
                }
                yield list;
            }
            case KVLIST_VALUE -> asMap(v.getKvlistValue().getValuesList());
            case VALUE_NOT_SET -> null;
        };
    }

    /** Attributes as a map of structured values, in their order; a repeated key keeps its last value. */
    static Map<String, Object> asMap(List<KeyValue> attributes) {
        Map<String, Object> m = new LinkedHashMap<>(Math.max(4, attributes.size() * 2));
        for (KeyValue kv : attributes) {
            m.put(kv.getKey(), asObject(kv.getValue()));
        }
        return m;
    }

    /** A value as compact JSON text ({@code ["a","b"]}, {@code {"k":1}}, {@code 0.75}, {@code "text"}). */
    static String toJson(AnyValue v) {
        StringWriter out = new StringWriter(32);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, v);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, AnyValue v) throws IOException {
        switch (v.getValueCase()) {
            case STRING_VALUE -> g.writeString(v.getStringValue());
            case BOOL_VALUE -> g.writeBoolean(v.getBoolValue());
            case INT_VALUE -> g.writeNumber(v.getIntValue());
            case DOUBLE_VALUE -> {
                double d = v.getDoubleValue();
                if (Double.isFinite(d)) {
                    g.writeNumber(doubleText(d));
                } else {
                    g.writeString(doubleText(d));
                }
            }
            case BYTES_VALUE -> g.writeString(base64(v.getBytesValue()));
            case ARRAY_VALUE -> {
                g.writeStartArray();
                for (AnyValue item : v.getArrayValue().getValuesList()) {
                    write(g, item);
                }
                g.writeEndArray();
            }
            case KVLIST_VALUE -> {
                g.writeStartObject();
                for (KeyValue kv : v.getKvlistValue().getValuesList()) {
                    g.writeFieldName(kv.getKey());
                    write(g, kv.getValue());
                }
                g.writeEndObject();
            }
            case VALUE_NOT_SET -> g.writeNull();
        }
    }

    /** A double attribute as text: {@code 0.75}, {@code 504}, {@code 1.0E-5}, {@code NaN}, {@code -Infinity}. */
    static String doubleText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return isSmallIntegral(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** A bucket bound or quantile as Prometheus writes it in {@code le} and {@code quantile}: {@code 0.005}, {@code 10}, {@code +Inf}. */
    static String bound(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        return Double.isNaN(d) ? "NaN" : isSmallIntegral(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static boolean isSmallIntegral(double d) {
        return d == Math.rint(d) && Math.abs(d) < EXACT_LONG;
    }

    /** An id as the model keeps it; an empty or all-zero id (OTLP's "no id") becomes {@link Id#EMPTY}. */
    static Id optionalId(ByteString bytes) {
        for (int i = 0; i < bytes.size(); i++) {
            if (bytes.byteAt(i) != 0) {
                return Id.of(bytes);
            }
        }
        return Id.EMPTY;
    }

    private static String base64(ByteString bytes) {
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}

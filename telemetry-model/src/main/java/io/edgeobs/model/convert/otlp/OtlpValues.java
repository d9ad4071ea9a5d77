package io.edgeobs.model.convert.otlp;

import com.google.protobuf.ByteString;
import io.edgeobs.model.Tags;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OTLP attribute values as edgeobs tags (strings) and as structured fields (JSON-like values). */
final class OtlpValues {

    private OtlpValues() {
    }

    /** Adds attributes as tags: strings as they are, other values rendered (see {@link #asString}). */
    static void putTags(Tags.Builder tags, List<KeyValue> attributes) {
        for (KeyValue kv : attributes) {
            tags.put(kv.getKey(), asString(kv.getValue()));
        }
    }

    /** A value as a tag string: booleans and numbers as text, bytes in base64, arrays and maps as JSON. */
    static String asString(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> number(v.getDoubleValue());
            case BYTES_VALUE -> base64(v.getBytesValue());
            case ARRAY_VALUE, KVLIST_VALUE -> Json.write(asObject(v));
            case VALUE_NOT_SET -> "";
        };
    }

    /** A value as a structured field: Long, Double, Boolean, String, List or Map; bytes become base64 strings. */
    static Object asObject(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BYTES_VALUE -> base64(v.getBytesValue());
            case ARRAY_VALUE -> {
                List<Object> list = new ArrayList<>(v.getArrayValue().getValuesCount());
                for (AnyValue item : v.getArrayValue().getValuesList()) {
                    list.add(asObject(item));
                }
                yield list;
            }
            case KVLIST_VALUE -> asMap(v.getKvlistValue().getValuesList());
            case VALUE_NOT_SET -> null;
        };
    }

    static Map<String, Object> asMap(List<KeyValue> attributes) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (KeyValue kv : attributes) {
            m.put(kv.getKey(), asObject(kv.getValue()));
        }
        return m;
    }

    /** A bound or quantile as Prometheus writes it: {@code 0.005}, {@code 1}, {@code +Inf}. */
    static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    private static String base64(ByteString bytes) {
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}

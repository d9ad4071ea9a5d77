package io.edgeobs.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Structured log fields: a JSON object as plain Java values. After {@link #copyOf(Map)} every object is an
 * unmodifiable map sorted by key, every array an unmodifiable list, and every number a {@link Long} or a
 * {@link Double}, so equality and encoding do not depend on how a caller built the value.
 *
 * <p>Allowed leaf values: {@code null}, {@link String}, {@link Boolean}, any {@link Number} (integers that fit
 * in 64 bits become Long, everything else Double).
 */
public final class Fields {

    public static final Map<String, Object> EMPTY = Collections.unmodifiableMap(new TreeMap<>());

    private Fields() {
    }

    public static Map<String, Object> copyOf(Map<String, ?> fields) {
        if (fields == null || fields.isEmpty()) {
            return EMPTY;
        }
        return normalizeObject(fields, "fields");
    }

    /** Key/value pairs: {@code Fields.of("user", "bob", "attempt", 3)}. */
    public static Map<String, Object> of(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields need key/value pairs, got an odd number of arguments");
        }
        TreeMap<String, Object> m = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (!(keyValues[i] instanceof String key)) {
                throw new IllegalArgumentException("field key at position " + i + " is not a string");
            }
            m.put(key, keyValues[i + 1]);
        }
        return copyOf(m);
    }

    private static Map<String, Object> normalizeObject(Map<?, ?> object, String path) {
        TreeMap<String, Object> m = new TreeMap<>();
        for (Map.Entry<?, ?> e : object.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException(path + " has a key that is not a string: " + e.getKey());
            }
            m.put(key, normalize(e.getValue(), path + "." + key));
        }
        return Collections.unmodifiableMap(m);
    }

    static Object normalize(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
        }
        if (value instanceof BigDecimal dec) {
            try {
                return dec.longValueExact();
            } catch (ArithmeticException notAnExactLong) {
                return dec.doubleValue();
            }
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof CharSequence cs) {
            return cs.toString();
        }
        if (value instanceof Map<?, ?> map) {
            return normalizeObject(map, path);
        }
        if (value instanceof Iterable<?> list) {
            List<Object> out = new ArrayList<>();
            int i = 0;
            for (Object item : list) {
                out.add(normalize(item, path + "[" + i++ + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        if (value instanceof Object[] array) {
            return normalize(java.util.Arrays.asList(array), path);
        }
        throw new IllegalArgumentException(path + " has a value of unsupported type "
                + value.getClass().getSimpleName() + "; use null, string, boolean, number, list or map");
    }
}

package io.edgeobs.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

/**
 * Immutable string tags, always sorted by key. Iteration order, equality and encoding therefore never depend
 * on the map implementation a caller happened to use. Backed by two arrays: small, and fast to encode.
 */
public final class Tags extends AbstractMap<String, String> {

    private static final String[] NONE = new String[0];
    public static final Tags EMPTY = new Tags(NONE, NONE);

    private final String[] keys;
    private final String[] values;

    private Tags(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** Key/value pairs: {@code Tags.of("host", "a", "port", "80")}; a repeated key keeps the last value. */
    public static Tags of(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("tags need key/value pairs, got an odd number of strings");
        }
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            put(m, keyValues[i], keyValues[i + 1]);
        }
        return fromSorted(m);
    }

    /** The same tags as {@code map}, sorted; {@code null} gives {@link #EMPTY}. Null keys or values are refused. */
    public static Tags copyOf(Map<String, String> map) {
        if (map instanceof Tags tags) {
            return tags;
        }
        if (map == null || map.isEmpty()) {
            return EMPTY;
        }
        TreeMap<String, String> m = new TreeMap<>();
        map.forEach((k, v) -> put(m, k, v));
        return fromSorted(m);
    }

    /**
     * Tags from {@code count} key/value pairs laid out as {@code kv[0]=key0, kv[1]=value0, ...}, in any order.
     * Meant for parsers: no map is built, small inputs (the usual case) are insertion-sorted in place of a copy.
     *
     * @throws IllegalArgumentException if a key repeats or a key or value is null
     */
    public static Tags ofPairs(String[] kv, int count) {
        if (count == 0) {
            return EMPTY;
        }
        String[] keys = new String[count];
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            String k = kv[2 * i];
            String v = kv[2 * i + 1];
            if (k == null) {
                throw new IllegalArgumentException("tag key must not be null");
            }
            if (v == null) {
                throw new IllegalArgumentException("tag '" + k + "' has a null value");
            }
            int j = i - 1;
            while (j >= 0 && keys[j].compareTo(k) > 0) {
                keys[j + 1] = keys[j];
                values[j + 1] = values[j];
                j--;
            }
            if (j >= 0 && keys[j].equals(k)) {
                throw new IllegalArgumentException("tag '" + k + "' is given twice");
            }
            keys[j + 1] = k;
            values[j + 1] = v;
        }
        return new Tags(keys, values);
    }

    /** These tags plus one (replacing the value if the key exists). */
    public Tags with(String key, String value) {
        TreeMap<String, String> m = new TreeMap<>(this);
        put(m, key, value);
        return fromSorted(m);
    }

    /** These tags plus all of {@code more} (whose values win on equal keys). */
    public Tags withAll(Map<String, String> more) {
        if (more == null || more.isEmpty()) {
            return this;
        }
        TreeMap<String, String> m = new TreeMap<>(this);
        more.forEach((k, v) -> put(m, k, v));
        return fromSorted(m);
    }

    public Tags without(String key) {
        if (!containsKey(key)) {
            return this;
        }
        TreeMap<String, String> m = new TreeMap<>(this);
        m.remove(key);
        return fromSorted(m);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static Tags fromSorted(TreeMap<String, String> m) {
        if (m.isEmpty()) {
            return EMPTY;
        }
        return new Tags(m.keySet().toArray(NONE), m.values().toArray(NONE));
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (key == null) {
            throw new IllegalArgumentException("tag key must not be null");
        }
        if (value == null) {
            throw new IllegalArgumentException("tag '" + key + "' has a null value");
        }
        m.put(key, value);
    }

    /** The i-th key in sorted order. */
    public String keyAt(int i) {
        return keys[i];
    }

    /** The i-th value in key order. */
    public String valueAt(int i) {
        return values[i];
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String k && Arrays.binarySearch(keys, k) >= 0;
    }

    @Override
    public String get(Object key) {
        if (!(key instanceof String k)) {
            return null;
        }
        int i = Arrays.binarySearch(keys, k);
        return i >= 0 ? values[i] : null;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return Map.entry(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    /** Collects tags in any order; {@link #build()} sorts them once. */
    public static final class Builder {
        private final TreeMap<String, String> map = new TreeMap<>();

        public Builder put(String key, String value) {
            Tags.put(map, key, value);
            return this;
        }

        public Builder putAll(Map<String, String> tags) {
            tags.forEach(this::put);
            return this;
        }

        public boolean isEmpty() {
            return map.isEmpty();
        }

        public Tags build() {
            return fromSorted(map);
        }
    }
}

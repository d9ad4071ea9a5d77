package io.edgeobs.model.convert.otlp;

import io.edgeobs.model.Tags;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects tags for one record at a time, where a later value of a key replaces an earlier one (so record
 * attributes win over scope and resource). Meant to be reused: {@link #copyFrom} and {@link #clear} keep the
 * arrays, and {@link #build()} allocates only the finished {@link Tags}. Not thread-safe; one per conversion.
 */
final class TagPairs {

    /** Below this many tags a linear scan finds a key faster than a hash lookup. */
    private static final int LINEAR_SCAN_LIMIT = 16;

    private String[] kv = new String[32];
    private int count;
    /** Key to position; built only once there are many tags, so hostile inputs stay linear. */
    private Map<String, Integer> index;

    int size() {
        return count;
    }

    void clear() {
        count = 0;
        index = null;
    }

    void copyFrom(TagPairs other) {
        ensureCapacity(other.count);
        System.arraycopy(other.kv, 0, kv, 0, 2 * other.count);
        count = other.count;
        index = null;
    }

    void put(String key, String value) {
        int i = find(key);
        if (i >= 0) {
            kv[2 * i + 1] = value;
            return;
        }
        ensureCapacity(count + 1);
        kv[2 * count] = key;
        kv[2 * count + 1] = value;
        if (index != null) {
            index.put(key, count);
        }
        count++;
    }

    /** Adds attributes, non-string values rendered (see {@link OtlpAttributes#asString}). */
    void putAttributes(List<KeyValue> attributes) {
        for (int i = 0, n = attributes.size(); i < n; i++) {
            KeyValue a = attributes.get(i);
            put(a.getKey(), OtlpAttributes.asString(a.getValue()));
        }
    }

    /** Adds the instrumentation scope: its attributes, then {@code otel.scope.name} and {@code otel.scope.version}. */
    void putScope(InstrumentationScope scope) {
        putAttributes(scope.getAttributesList());
        if (!scope.getName().isEmpty()) {
            put(OtlpTraces.SCOPE_NAME, scope.getName());
        }
        if (!scope.getVersion().isEmpty()) {
            put(OtlpTraces.SCOPE_VERSION, scope.getVersion());
        }
    }

    Tags build() {
        return Tags.ofPairs(kv, count);
    }

    /** These tags plus one more (replacing an equal key), without changing what is collected. */
    Tags buildWith(String key, String value) {
        int i = find(key);
        if (i >= 0) {
            String old = kv[2 * i + 1];
            kv[2 * i + 1] = value;
            Tags tags = Tags.ofPairs(kv, count);
            kv[2 * i + 1] = old;
            return tags;
        }
        ensureCapacity(count + 1);
        kv[2 * count] = key;
        kv[2 * count + 1] = value;
        return Tags.ofPairs(kv, count + 1);
    }

    private int find(String key) {
        if (count < LINEAR_SCAN_LIMIT) {
            for (int i = 0; i < count; i++) {
                if (kv[2 * i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }
        if (index == null) {
            index = new HashMap<>(count * 2);
            for (int i = 0; i < count; i++) {
                index.put(kv[2 * i], i);
            }
        }
        Integer i = index.get(key);
        return i == null ? -1 : i;
    }

    private void ensureCapacity(int pairs) {
        if (2 * pairs > kv.length) {
            kv = Arrays.copyOf(kv, Math.max(2 * pairs, 2 * kv.length));
        }
    }
}

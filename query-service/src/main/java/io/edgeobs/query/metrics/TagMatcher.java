package io.edgeobs.query.metrics;

import java.util.List;

/**
 * One {@code tag.<key>} filter of a metrics query: the series' tag {@code key} equals one of {@code values}, or, when
 * {@code regex} is set ({@code tag.<key>=~<regex>}), matches it wholly (anchored, PostgreSQL regular expression
 * syntax). The key {@code device_id} is the series' device, not a tag.
 */
public record TagMatcher(String key, List<String> values, String regex) {

    /** The pseudo-tag every series has: the device it comes from ({@code series.device_id}). */
    public static final String DEVICE_ID = "device_id";

    public TagMatcher {
        values = values == null ? List.of() : List.copyOf(values);
        if (values.isEmpty() == (regex == null)) {
            throw new IllegalArgumentException("a tag matcher has either values or a regex");
        }
    }

    boolean isDevice() {
        return DEVICE_ID.equals(key);
    }
}

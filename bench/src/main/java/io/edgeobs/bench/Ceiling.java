package io.edgeobs.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the hardware allows for one stage, measured in the same run as the stage itself, so that the stage can be
 * reported as a ratio of it.
 *
 * @param name    what was measured, for example {@code kafka-producer} or {@code binary-copy}
 * @param unit    the unit of {@code value}, for example {@code metric points/s}
 * @param value   the ceiling, in {@code unit}
 * @param details further numbers of the same measurement (rates in other units, settings, sizes), in the order
 *                they were added
 */
public record Ceiling(String name, String unit, double value, Map<String, Object> details) {

    public Ceiling {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a ceiling needs a name");
        }
        if (unit == null || unit.isBlank()) {
            throw new IllegalArgumentException("ceiling " + name + " needs a unit");
        }
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("ceiling " + name + " must be a finite number >= 0, was " + value);
        }
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** {@code measured} as a fraction of this ceiling (0 when the ceiling is 0). */
    public double ratio(double measured) {
        return value == 0 ? 0 : measured / value;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: %,.0f %s", name, value, unit));
        details.forEach((k, v) -> s.append(String.format(Locale.ROOT, v instanceof Double d ? "; %s %,.1f" : "; %s %s", k, v)));
        return s.toString();
    }
}

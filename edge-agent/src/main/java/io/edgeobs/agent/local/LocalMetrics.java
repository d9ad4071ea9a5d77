package io.edgeobs.agent.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeobs.model.Id;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** {@code {"name", "value", "kind"?: gauge|counter, "unit"?, "tags"?: {...}, "timestamp"?: RFC 3339 or epoch s/ms/ns}}. */
final class LocalMetrics {

    private LocalMetrics() {
    }

    static MetricPoint point(JsonNode item, long now) {
        if (!item.isObject()) {
            throw new IllegalArgumentException("a metric must be a JSON object, was " + item);
        }
        String name = item.path("name").asText("");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a metric needs a \"name\": " + item);
        }
        JsonNode value = item.get("value");
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("metric " + name + " needs a numeric \"value\"");
        }
        MetricKind kind = switch (item.path("kind").asText("gauge").toLowerCase(Locale.ROOT)) {
            case "gauge" -> MetricKind.GAUGE;
            case "counter" -> MetricKind.COUNTER;
            default -> throw new IllegalArgumentException("metric " + name + ": \"kind\" must be gauge or counter");
        };
        Tags.Builder tags = Tags.builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = item.path("tags").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            tags.put(t.getKey(), t.getValue().isTextual() ? t.getValue().textValue() : t.getValue().toString());
        }
        return new MetricPoint(name, value.doubleValue(), item.path("unit").asText(""), timestamp(item.get("timestamp"), now),
                tags.build(), kind, Id.EMPTY);
    }

    private static long timestamp(JsonNode t, long now) {
        if (t == null || t.isNull()) {
            return now;
        }
        if (t.isNumber()) {
            double v = t.doubleValue();
            return v < 1e11 ? (long) (v * 1e9) : v < 1e14 ? (long) (v * 1e6) : v < 1e17 ? (long) (v * 1e3) : t.longValue();
        }
        try {
            Instant i = Instant.parse(t.asText());
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"timestamp\" must be RFC 3339 or an epoch number, was " + t);
        }
    }
}

package io.edgeobs.query.jaeger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.query.api.QueryException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Jaeger resources' request parameters on top of {@link JaegerParams}: its {@link IllegalArgumentException}s
 * become {@link QueryException.BadParameter}s that name the parameter (400 problem details).
 */
final class JaegerRequests {

    static final Set<String> SPAN_KINDS = Set.of("server", "client", "producer", "consumer", "internal",
            "unspecified");

    private JaegerRequests() {
    }

    /** Runs a {@link JaegerParams} parser, turning its failure into a 400 that names {@code param}. */
    static <T> T param(String param, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            String why = e.getMessage();
            int colon = why == null ? -1 : why.indexOf(": ");
            throw new QueryException.BadParameter(param, colon >= 0 ? why.substring(colon + 2) : String.valueOf(why));
        }
    }

    static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /**
     * A trace id: hex of up to 32 digits (as {@link JaegerParams#traceId}), or, as Jaeger also accepts since OTLP
     * JSON tools write ids so, the base64 of 16 bytes (standard or URL-safe, padded or not).
     */
    static String traceId(String param, String text) {
        try {
            return JaegerParams.traceId(param, text);
        } catch (IllegalArgumentException notHex) {
            if (text != null && text.length() >= 22 && text.length() <= 24) {
                byte[] bytes = base64(text);
                if (bytes != null && bytes.length == 16) {
                    return HexFormat.of().formatHex(bytes);
                }
            }
            return param(param, () -> {
                throw notHex;
            });
        }
    }

    private static byte[] base64(String text) {
        String std = text.replace('-', '+').replace('_', '/');
        try {
            return Base64.getDecoder().decode(std + "=".repeat((4 - std.length() % 4) % 4));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A µs (or ms) timestamp parameter, or {@code fallback} when absent. */
    static Instant micros(String param, String text, Instant fallback) {
        if (!present(text)) {
            return fallback;
        }
        long us = param(param, () -> JaegerParams.epochMicros(param, text));
        return Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000);
    }

    /** A Go duration in nanoseconds, or null when absent. */
    static Long goDuration(String param, String text) {
        return present(text) ? param(param, () -> JaegerParams.goDurationNanos(param, text)) : null;
    }

    /**
     * The Jaeger UI's {@code lookback} ({@code 1h}, {@code 2d}, or {@code custom} when it sends start and end): a
     * Go duration, or whole days/weeks; null when absent or {@code custom}.
     */
    static Duration lookback(String param, String text) {
        if (!present(text) || text.trim().equals("custom")) {
            return null;
        }
        String t = text.trim();
        char unit = t.charAt(t.length() - 1);
        if ((unit == 'd' || unit == 'w') && t.substring(0, t.length() - 1).chars().allMatch(Character::isDigit)
                && t.length() > 1) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return Duration.ofDays(unit == 'w' ? 7 * n : n);
        }
        long nanos = param(param, () -> JaegerParams.goDurationNanos(param, t));
        if (nanos <= 0) {
            throw new QueryException.BadParameter(param, "must be positive, was " + text);
        }
        return Duration.ofNanos(nanos);
    }

    /** {@code tag=k:v} (repeatable) and {@code tags} (JSON objects of strings), merged; JSON wins on equal keys. */
    static Map<String, String> tags(List<String> tag, List<String> tagsJson, String jsonParam, ObjectMapper json) {
        Map<String, String> out = new LinkedHashMap<>(param("tag", () -> JaegerParams.tags(tag)));
        if (tagsJson != null) {
            for (String text : tagsJson) {
                if (present(text)) {
                    out.putAll(jsonTags(jsonParam, text, json));
                }
            }
        }
        return out;
    }

    /** A JSON object of tag values ({@code {"http.status_code":"500"}}); numbers and booleans are taken as text. */
    static Map<String, String> jsonTags(String param, String text, ObjectMapper json) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new QueryException.BadParameter(param, "not JSON: " + e.getOriginalMessage()
                    + "; give an object such as {\"http.status_code\":\"500\"}");
        }
        if (node == null || !node.isObject()) {
            throw new QueryException.BadParameter(param,
                    "must be a JSON object such as {\"http.status_code\":\"500\"}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new QueryException.BadParameter(param, "the value of '" + e.getKey()
                        + "' must be a string, number or boolean");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** A span kind filter, lowercase; null when absent. */
    static String spanKind(String param, String text) {
        if (!present(text)) {
            return null;
        }
        String k = text.trim().toLowerCase(Locale.ROOT);
        if (!SPAN_KINDS.contains(k)) {
            throw new QueryException.BadParameter(param, "unknown span kind '" + text
                    + "'; use server, client, producer, consumer, internal or unspecified");
        }
        return k;
    }

    /**
     * An RFC 3339 time ({@code 2026-12-03T10:00:00.123456Z}); a space in place of the {@code +} of an offset is
     * accepted, since clients that leave the time unencoded in the query string have it turned into one.
     */
    static Instant rfc3339(String param, String text) {
        try {
            String t = text.trim();
            if (t.length() > 19 && t.charAt(t.length() - 6) == ' ') {
                t = t.substring(0, t.length() - 6) + '+' + t.substring(t.length() - 5);
            }
            return java.time.OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new QueryException.BadParameter(param, "not an RFC 3339 time: '" + text
                    + "'; give e.g. 2026-12-03T10:00:00Z");
        }
    }

    /** A positive integer no larger than {@code max}, or {@code dflt} when absent. */
    static int limit(String param, String text, int dflt, int max) {
        return param(param, () -> JaegerParams.limit(param, text, dflt, max));
    }

    /** Checks that start is before end and the range is at most {@code max}. */
    static void range(String startParam, Instant start, Instant end, Duration max) {
        if (start.isAfter(end)) {
            throw new QueryException.BadParameter(startParam,
                    "must not be after the end (" + start + " > " + end + ")");
        }
        if (Duration.between(start, end).compareTo(max) > 0) {
            throw new QueryException.BadParameter(startParam, "the range " + Duration.between(start, end)
                    + " is longer than the most one query may cover (" + max + ", edgeobs.query.max-range); narrow it");
        }
    }

    /** Checks that a minimum duration is not above a maximum one. */
    static void durations(String maxParam, Long min, Long max) {
        if (min != null && max != null && max < min) {
            throw new QueryException.BadParameter(maxParam, "must not be less than the minimum duration");
        }
    }
}

package io.edgeobs.query.logs;

import io.edgeobs.query.api.Params;
import io.edgeobs.query.api.QueryException;
import io.edgeobs.query.config.QueryConfig;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A log search, checked: the caller's tenant, a capped time range {@code [from, to)}, the filters (all must match)
 * and the page wanted. Made only by {@link #parse}, so a store never sees an unchecked value.
 *
 * @param text   full-text words that must all occur in the message, or null
 * @param levels stored levels wanted, empty for all
 * @param fields structured fields that must equal the value given (key may be a dotted path)
 */
public record LogQuery(String tenant, Instant from, Instant to, String text, List<Integer> levels, String deviceId,
                       List<FieldMatch> fields, String traceId, int limit, LogCursor cursor) {

    static final String FIELD_PREFIX = "fields.";
    /** Bounds the size of the query a request can make the store run. */
    static final int MAX_FIELDS = 20;
    static final int MAX_TEXT = 500;

    /** One {@code fields.<key>=<value>} parameter. */
    public record FieldMatch(String key, String value) {
    }

    /** Checks the request's parameters; each failure is a 400 naming the parameter. */
    static LogQuery parse(String tenant, Map<String, List<String>> params, Instant now, QueryConfig config,
                          String backend) {
        QueryConfig.Logs cfg = config.logs();
        Instant to = Params.instant("to", one(params, "to"), now, now);
        Instant from = Params.instant("from", one(params, "from"), now, to.minus(cfg.defaultRange()));
        Params.range(from, to, config.maxRange());
        Integer limit = null;
        String l = one(params, "limit");
        if (l != null && !l.isBlank()) {
            try {
                limit = Integer.valueOf(l.trim());
            } catch (NumberFormatException e) {
                throw new QueryException.BadParameter("limit", "not a number: '" + l + "'");
            }
        }
        int size = Params.limit("limit", limit, cfg.defaultLimit(), cfg.maxLimit());
        List<FieldMatch> fields = new ArrayList<>();
        params.forEach((name, values) -> {
            if (name.startsWith(FIELD_PREFIX)) {
                String key = name.substring(FIELD_PREFIX.length());
                if (key.isEmpty() || key.startsWith(".") || key.endsWith(".")) {
                    throw new QueryException.BadParameter(name, "give a field name after 'fields.', e.g. fields.unit=pump-3");
                }
                values.forEach(v -> fields.add(new FieldMatch(key, v)));
            }
        });
        if (fields.size() > MAX_FIELDS) {
            throw new QueryException.BadParameter("fields", fields.size() + " fields.<key> filters; give at most "
                    + MAX_FIELDS);
        }
        String text = blankToNull(one(params, "q"));
        if (text != null && text.length() > MAX_TEXT) {
            throw new QueryException.BadParameter("q", "longer than " + MAX_TEXT + " characters");
        }
        return new LogQuery(tenant, from, to, text, LogLevels.parse(one(params, "level")),
                blankToNull(one(params, "device")), List.copyOf(fields), traceId(one(params, "traceId")), size,
                LogCursor.decode(one(params, "cursor"), backend));
    }

    private static String traceId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.length() != 32 || !v.chars().allMatch(HexFormat::isHexDigit)) {
            throw new QueryException.BadParameter("traceId", "give the trace id as 32 hex digits, was '" + value + "'");
        }
        return v;
    }

    private static String one(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new QueryException.BadParameter(name, "given " + v.size() + " times; give it once");
        }
        return v.get(0);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

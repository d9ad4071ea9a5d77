package io.edgeobs.query.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeobs.query.api.QueryException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the series a query reads, in the caller's tenant only: by tenant and name (index {@code series_tenant_name}),
 * exact single-valued tag matchers as one {@code tags @> ?::jsonb} (GIN index {@code series_tags}), several values
 * of one key as {@code tags ->> key = ANY(...)}, regular expressions anchored with {@code ~}, and the device.
 */
final class SeriesFinder {

    private static final String INVALID_REGEX = "2201B";
    private final ObjectMapper json;

    SeriesFinder(ObjectMapper json) {
        this.json = json;
    }

    /** At most {@code limit} series of {@code tenant}, by id. */
    List<SeriesRef> find(Connection c, String tenant, MetricQuery q, int limit) throws SQLException {
        for (TagMatcher m : q.matchers()) {
            if (m.regex() != null) {
                checkRegex(c, m);
            }
        }
        StringBuilder sql = new StringBuilder("SELECT id, device_id, kind, tags::text FROM series WHERE tenant = ? AND name = ?");
        List<Object> args = new ArrayList<>(List.of(tenant, q.name()));
        if (q.device() != null) {
            sql.append(" AND device_id = ?");
            args.add(q.device());
        }
        ObjectNode contains = json.createObjectNode();
        for (TagMatcher m : q.matchers()) {
            String column = m.isDevice() ? "device_id" : "(tags ->> ?)";
            if (m.regex() != null) {
                sql.append(" AND ").append(column).append(" ~ ?");
                addKey(args, m);
                args.add(anchored(m.regex()));
            } else if (m.values().size() == 1 && !m.isDevice()) {
                contains.put(m.key(), m.values().get(0));
            } else {
                sql.append(" AND ").append(column).append(" = ANY (?)");
                addKey(args, m);
                args.add(m.values().toArray(String[]::new));
            }
        }
        if (!contains.isEmpty()) {
            sql.append(" AND tags @> ?::jsonb");
            args.add(contains.toString());
        }
        sql.append(" ORDER BY id LIMIT ?");
        args.add(limit);
        List<SeriesRef> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof String[] values) {
                    ps.setArray(i + 1, c.createArrayOf("text", values));
                } else {
                    ps.setObject(i + 1, a);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SeriesRef(rs.getLong(1), rs.getString(2), rs.getString(3), tags(rs.getString(4))));
                }
            }
        }
        return out;
    }

    private static void addKey(List<Object> args, TagMatcher m) {
        if (!m.isDevice()) {
            args.add(m.key());
        }
    }

    static String anchored(String regex) {
        return "^(?:" + regex + ")$";
    }

    /** Lets PostgreSQL compile the regular expression first, so a bad one is a 400 naming its parameter. */
    private static void checkRegex(Connection c, TagMatcher m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT '' ~ ?")) {
            ps.setString(1, anchored(m.regex()));
            ps.executeQuery().close();
        } catch (SQLException e) {
            if (INVALID_REGEX.equals(e.getSQLState())) {
                throw new QueryException.BadParameter("tag." + m.key(), "not a valid regular expression (PostgreSQL "
                        + "syntax): '" + m.regex() + "'");
            }
            throw e;
        }
    }

    private Map<String, String> tags(String text) {
        try {
            JsonNode node = json.readTree(text);
            Map<String, String> out = new TreeMap<>();
            node.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText()
                    : f.getValue().toString()));
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("series tags are not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /** The series grouped by the values of {@code keys}, groups in order of their values. */
    static Map<List<String>, List<SeriesRef>> group(List<SeriesRef> series, List<String> keys) {
        Map<List<String>, List<SeriesRef>> groups = new TreeMap<>(SeriesFinder::compare);
        for (SeriesRef s : series) {
            List<String> k = keys.stream().map(s::tag).toList();
            groups.computeIfAbsent(k, x -> new ArrayList<>()).add(s);
        }
        return new LinkedHashMap<>(groups);
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            String x = a.get(i);
            String y = b.get(i);
            int c = x == null ? (y == null ? 0 : -1) : y == null ? 1 : x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}

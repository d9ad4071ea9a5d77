package io.edgeobs.deploy.grafana;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands a dashboard's SQL the way Grafana does before it reaches PostgreSQL: first the frontend's template
 * variables ($var, ${var}, ${var:raw}; multi-value variables as a quoted, comma-separated list; $__interval and
 * $__interval_ms), then the PostgreSQL datasource's macros ($__timeFilter, $__timeFrom, $__timeTo, $__timeGroup,
 * $__timeGroupAlias, $__unixEpochFilter, $__unixEpochFrom, $__unixEpochTo) with timescaledb: true, so $__timeGroup
 * becomes time_bucket. Written from the documented behaviour of Grafana's macros, not copied.
 */
final class GrafanaMacros {

    private static final Pattern MACRO = Pattern.compile("\\$__(\\w+)\\(");

    private final Instant from;
    private final Instant to;
    private final Duration interval;
    private final Map<String, List<String>> variables;
    private final Set<String> multi;

    /** {@code multi}: the variables that are multi-value or include All (Grafana quotes those, even one value). */
    GrafanaMacros(Instant from, Instant to, Duration interval, Map<String, List<String>> variables, Set<String> multi) {
        this.multi = multi;
        this.from = from;
        this.to = to;
        this.interval = interval;
        this.variables = variables;
    }

    String expand(String sql) {
        return macros(templateVariables(sql));
    }

    String templateVariables(String sql) {
        String out = sql.replace("$__interval_ms", Long.toString(interval.toMillis()))
                .replace("${__interval_ms}", Long.toString(interval.toMillis()))
                .replace("$__interval", grafanaInterval()).replace("${__interval}", grafanaInterval());
        List<String> names = new ArrayList<>(variables.keySet());
        names.sort(Comparator.comparingInt(String::length).reversed());
        for (String name : names) {
            List<String> values = variables.get(name);
            String raw = String.join(",", values);
            String formatted = !multi.contains(name) && values.size() == 1 ? values.get(0) : quoted(values);
            out = out.replace("${" + name + ":raw}", raw).replace("${" + name + "}", formatted)
                    .replaceAll("\\$" + Pattern.quote(name) + "\\b", Matcher.quoteReplacement(formatted));
        }
        return out;
    }

    private static String quoted(List<String> values) {
        List<String> q = new ArrayList<>();
        for (String v : values) {
            q.add("'" + v.replace("'", "''") + "'");
        }
        return String.join(",", q);
    }

    private String grafanaInterval() {
        long s = interval.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    String macros(String sql) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        Matcher m = MACRO.matcher(sql);
        while (m.find(pos)) {
            int depth = 1;
            int i = m.end();
            while (i < sql.length() && depth > 0) {
                char c = sql.charAt(i++);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
            if (depth != 0) {
                throw new IllegalArgumentException("unbalanced parentheses after $__" + m.group(1) + " in: " + sql);
            }
            List<String> args = splitArgs(sql.substring(m.end(), i - 1));
            out.append(sql, pos, m.start()).append(expandMacro(m.group(1), args));
            pos = i;
        }
        return out.append(sql.substring(pos)).toString();
    }

    private String expandMacro(String name, List<String> args) {
        return switch (name) {
            case "timeFilter" -> arg(args, 0, name) + " BETWEEN '" + rfc3339(from) + "' AND '" + rfc3339(to) + "'";
            case "timeFrom" -> "'" + rfc3339(from) + "'";
            case "timeTo" -> "'" + rfc3339(to) + "'";
            case "timeGroup" -> timeGroup(args);
            case "timeGroupAlias" -> timeGroup(args) + " AS \"time\"";
            case "time" -> arg(args, 0, name) + " AS \"time\"";
            case "unixEpochFilter" -> arg(args, 0, name) + " >= " + from.getEpochSecond() + " AND " + arg(args, 0, name)
                    + " <= " + to.getEpochSecond();
            case "unixEpochFrom" -> Long.toString(from.getEpochSecond());
            case "unixEpochTo" -> Long.toString(to.getEpochSecond());
            default -> throw new IllegalArgumentException("macro $__" + name + " is not one Grafana's PostgreSQL datasource knows");
        };
    }

    private String timeGroup(List<String> args) {
        if (args.size() < 2) {
            throw new IllegalArgumentException("$__timeGroup needs a column and an interval: " + args);
        }
        long seconds = parseInterval(args.get(1).replace("'", "").trim()).toSeconds();
        return "time_bucket('" + seconds + "s'," + args.get(0) + ")";
    }

    static Duration parseInterval(String s) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Grafana interval: " + s);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static String arg(List<String> args, int i, String macro) {
        if (args.size() <= i || args.get(i).isBlank()) {
            throw new IllegalArgumentException("$__" + macro + " needs argument " + (i + 1));
        }
        return args.get(i);
    }

    private static List<String> splitArgs(String s) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (!s.isBlank()) {
            args.add(s.substring(start).trim());
        }
        return args;
    }

    private static String rfc3339(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }
}

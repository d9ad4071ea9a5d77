package io.edgeobs.query.logs;

import io.edgeobs.query.api.QueryException;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Log levels as the API names them and as they are stored: {@code smallint} 0 to 6 in PostgreSQL, the lower-case
 * name in OpenSearch. The {@code level} parameter is either one name, the lowest level wanted ({@code warn}: warn,
 * error and fatal), or a comma list of exactly the levels wanted ({@code warn,error}).
 */
public final class LogLevels {

    /** Index = stored number. */
    static final List<String> NAMES = List.of("unspecified", "trace", "debug", "info", "warn", "error", "fatal");

    private LogLevels() {
    }

    /** The name of a stored level; out-of-range numbers read as {@code unspecified}. */
    public static String name(int level) {
        return level >= 0 && level < NAMES.size() ? NAMES.get(level) : NAMES.get(0);
    }

    /** The stored levels a {@code level} parameter selects, ascending; empty when absent (all levels). */
    static List<Integer> parse(String param) {
        if (param == null || param.isBlank()) {
            return List.of();
        }
        String[] parts = param.split(",");
        if (parts.length == 1) {
            int min = number(parts[0]);
            return IntStream.range(min, NAMES.size()).boxed().toList();
        }
        TreeSet<Integer> levels = new TreeSet<>();
        for (String p : parts) {
            levels.add(number(p));
        }
        return List.copyOf(levels);
    }

    private static int number(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("warning")) {
            n = "warn";
        }
        int i = NAMES.indexOf(n);
        if (i < 0) {
            throw new QueryException.BadParameter("level", "unknown level '" + name.trim() + "'; give one of "
                    + String.join(", ", NAMES) + " (the lowest level wanted) or a comma list of levels such as warn,error");
        }
        return i;
    }
}

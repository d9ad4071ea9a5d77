package io.edgeobs.agent.tail;

import io.edgeobs.agent.config.AgentConfig;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One group of JSON log files to follow: files or globs, paths not to follow, where to start in files found at the
 * source's very first start, and what to add to every record.
 *
 * @param name      names the source's offset file and its metrics; letters, digits, {@code .}, {@code _}, {@code -}
 * @param pathField the field that names the file a line came from, or empty for none
 * @param fields    added to every record; they win over the line's own fields of the same name
 */
public record TailSource(String name, List<String> paths, List<String> exclude, StartAt startAt,
                         Optional<String> pathField, Map<String, String> fields) {

    /** Where to start in a file found at the source's very first start; later files are always read whole. */
    public enum StartAt { BEGINNING, END }

    /** Written in configuration to mean "no path field". */
    static final String NO_FIELD = "none";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public TailSource {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a tail source needs a name of letters, digits, '.', '_' and '-' "
                    + "(it names its offset file), was " + name);
        }
        if (paths == null || paths.isEmpty() || paths.stream().anyMatch(p -> p == null || p.isBlank())) {
            throw new IllegalArgumentException("tail source " + name + ": paths must list at least one file or glob, "
                    + "none blank, was " + paths);
        }
        paths = List.copyOf(paths);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        startAt = startAt == null ? StartAt.BEGINNING : startAt;
        pathField = pathField == null ? Optional.empty() : pathField.filter(f -> !f.isBlank());
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** A source that reads from the beginning, names the file in {@code file} and adds nothing else. */
    public static TailSource of(String name, String... paths) {
        return new TailSource(name, List.of(paths), List.of(), StartAt.BEGINNING, Optional.of("file"), Map.of());
    }

    public TailSource withFields(Map<String, String> extra) {
        return new TailSource(name, paths, exclude, startAt, pathField, extra);
    }

    public TailSource withStartAt(StartAt where) {
        return new TailSource(name, paths, exclude, where, pathField, fields);
    }

    /** A source from the configuration. */
    public static TailSource of(String name, AgentConfig.Tail.Source s) {
        StartAt startAt = switch (s.startAt().toLowerCase(Locale.ROOT)) {
            case "beginning" -> StartAt.BEGINNING;
            case "end" -> StartAt.END;
            default -> throw new IllegalArgumentException("edgeobs.agent.tail.sources." + name
                    + ".start-at must be beginning or end, was " + s.startAt());
        };
        Optional<String> pathField = NO_FIELD.equals(s.pathField()) ? Optional.empty() : Optional.of(s.pathField());
        return new TailSource(name, s.paths(), s.exclude().orElse(List.of()), startAt, pathField, s.fields());
    }
}

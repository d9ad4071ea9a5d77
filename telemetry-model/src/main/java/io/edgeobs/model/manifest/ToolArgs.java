package io.edgeobs.model.manifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Command-line options of {@link ManifestTool}: {@code --name value}, {@code --flag}, and positional arguments. */
final class ToolArgs {

    /** A command line the tool cannot run; the message says why, and the usage follows it. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, List<String>> options = new HashMap<>();
    private final Set<String> flags = new java.util.HashSet<>();
    private final List<String> positional = new ArrayList<>();

    ToolArgs(List<String> args, Set<String> valueOptions, Set<String> flagOptions) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flagOptions.contains(name) && value == null) {
                    flags.add(name);
                } else if (valueOptions.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException("--" + name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                positional.add(a);
            }
        }
    }

    Optional<String> option(String name) {
        List<String> v = options.get(name);
        if (v != null && v.size() > 1) {
            throw new UsageException("--" + name + " is given more than once");
        }
        return v == null ? Optional.empty() : Optional.of(v.get(0));
    }

    String required(String name, String what) {
        return option(name).orElseThrow(() -> new UsageException("--" + name + " " + what + " is required"));
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    List<String> positional() {
        return positional;
    }

    String single(String what) {
        if (positional.size() != 1) {
            throw new UsageException(positional.isEmpty() ? "give the " + what
                    : "give exactly one " + what + ", not " + positional);
        }
        return positional.get(0);
    }

    long positiveLong(String name, String value) {
        try {
            long v = Long.parseLong(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " must be a positive integer, not '" + value + "'");
    }
}

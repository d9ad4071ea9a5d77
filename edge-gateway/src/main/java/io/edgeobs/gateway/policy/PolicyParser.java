package io.edgeobs.gateway.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.edgeobs.model.sampling.TraceIdSampler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.Signal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the policy YAML (see {@code edge-gateway/README.md} for the format) into a checked {@link PolicyDocument}.
 * Strict: an unknown key, a wrong type or an impossible combination is a {@link PolicyException} naming its path, so a
 * typo never silently turns a rule off. The YAML is the same whether it comes from a file or, later, from the
 * gateway's signed manifest.
 */
public final class PolicyParser {

    /** The agents' default {@code policy.traces.seed}. */
    static final String DEFAULT_SEED = "edgeobs";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Set<String> TOP = Set.of("version", "schema_versions", "fleets", "sampling", "redact", "rules");
    private static final Set<String> RULE = Set.of("name", "match", "action", "window", "grace", "functions", "ratio",
            "keep_errors", "keys", "mode");
    private static final Set<String> MATCH = Set.of("signal", "tenant", "fleet", "device_type", "device_id", "name",
            "service", "operation", "level", "tags");

    private PolicyParser() {
    }

    /** Parses a policy; {@code origin} (a file name, a manifest) goes into messages and the document. */
    public static PolicyDocument parse(String yaml, String origin) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new PolicyException(origin + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        if (root == null || !root.isObject()) {
            throw new PolicyException(origin + ": a policy is a YAML mapping with at least 'version'");
        }
        onlyKeys(root, TOP, origin, "");
        JsonNode version = root.get("version");
        if (version == null || !version.canConvertToLong() || version.asLong() < 1) {
            throw new PolicyException(origin + ": version: required, a whole number of at least 1");
        }
        Set<Integer> schemaVersions = versions(root.get("schema_versions"), origin, "schema_versions");
        Map<String, Set<Integer>> fleets = new LinkedHashMap<>();
        JsonNode fleetsNode = root.path("fleets");
        if (!fleetsNode.isMissingNode()) {
            requireObject(fleetsNode, origin, "fleets");
            for (Iterator<Map.Entry<String, JsonNode>> it = fleetsNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String path = "fleets." + f.getKey();
                requireObject(f.getValue(), origin, path);
                onlyKeys(f.getValue(), Set.of("schema_versions"), origin, path + ".");
                fleets.put(f.getKey(), versions(f.getValue().get("schema_versions"), origin, path + ".schema_versions"));
            }
        }
        JsonNode sampling = root.path("sampling");
        // the agents' default seed unless the policy names the fleet's own (the same text as in the agents' policy)
        long seed = TraceIdSampler.seedOf(DEFAULT_SEED);
        if (!sampling.isMissingNode()) {
            onlyKeys(sampling, Set.of("seed"), origin, "sampling.");
            JsonNode s = sampling.path("seed");
            if (!s.isValueNode() || s.isNull() || s.asText().isEmpty()) {
                throw new PolicyException(origin + ": sampling.seed: must be a text or a number, the same seed as the "
                        + "agents' policy.traces.seed");
            }
            seed = TraceIdSampler.seedOf(s.asText());
        }
        JsonNode redact = root.path("redact");
        String key = "";
        if (!redact.isMissingNode()) {
            onlyKeys(redact, Set.of("key"), origin, "redact.");
            key = redact.path("key").asText("");
        }
        List<Rule> rules = new ArrayList<>();
        JsonNode rulesNode = root.path("rules");
        if (!rulesNode.isMissingNode()) {
            if (!rulesNode.isArray()) {
                throw new PolicyException(origin + ": rules: must be a list");
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < rulesNode.size(); i++) {
                Rule r = rule(rulesNode.get(i), origin, "rules[" + i + "]");
                if (!names.add(r.name())) {
                    throw new PolicyException(origin + ": rules[" + i + "].name: '" + r.name() + "' is used twice");
                }
                rules.add(r);
            }
        }
        return new PolicyDocument(version.asLong(), schemaVersions, fleets, seed, key, rules, origin);
    }

    private static Rule rule(JsonNode n, String origin, String path) {
        requireObject(n, origin, path);
        onlyKeys(n, RULE, origin, path + ".");
        String name = n.path("name").asText("");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new PolicyException(origin + ": " + path + ".name: required, 1 to 64 letters, digits, '.', '_' or '-'"
                    + " (it names the rule's hit counter)");
        }
        String at = path + " (" + name + ")";
        Action action = action(n.path("action").asText(""), origin, at);
        Match match = match(n.path("match"), origin, at);
        Optional<Signal> signal = match.signal();
        Rule.Aggregate aggregate = null;
        Rule.Sample sample = null;
        Rule.Redact redact = null;
        switch (action) {
            case AGGREGATE -> {
                requireSignal(signal, Signal.METRICS, action, origin, at);
                Duration window = duration(n.get("window"), origin, at + ".window", null);
                if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofHours(24)) > 0) {
                    throw new PolicyException(origin + ": " + at + ".window: must be between 1s and 24h");
                }
                Duration grace = duration(n.get("grace"), origin, at + ".grace",
                        window.compareTo(Duration.ofSeconds(20)) < 0 ? window.dividedBy(2) : Duration.ofSeconds(10));
                if (grace.compareTo(window) > 0) {
                    throw new PolicyException(origin + ": " + at + ".grace: must not be longer than the window");
                }
                aggregate = new Rule.Aggregate(window, grace, functions(n.get("functions"), origin, at));
            }
            case SAMPLE -> {
                requireSignal(signal, Signal.SPANS, action, origin, at);
                JsonNode ratio = n.get("ratio");
                if (ratio == null || !ratio.isNumber() || ratio.asDouble() < 0 || ratio.asDouble() > 1) {
                    throw new PolicyException(origin + ": " + at + ".ratio: required, a number from 0 to 1 (0.1 keeps 10% of traces)");
                }
                sample = new Rule.Sample(ratio.asDouble(), n.path("keep_errors").asBoolean(true));
            }
            case KEEP_LOCAL -> requireSignal(signal, Signal.LOGS, action, origin, at);
            case REDACT -> {
                JsonNode keys = n.path("keys");
                if (!keys.isArray() || keys.isEmpty()) {
                    throw new PolicyException(origin + ": " + at + ".keys: required, a list of tag keys (globs)");
                }
                List<Glob> globs = new ArrayList<>();
                keys.forEach(k -> globs.add(Glob.of(k.asText())));
                String mode = n.path("mode").asText("hash");
                if (!mode.equals("hash") && !mode.equals("drop")) {
                    throw new PolicyException(origin + ": " + at + ".mode: must be hash or drop, was '" + mode + "'");
                }
                redact = new Rule.Redact(globs, mode.equals("hash"));
            }
            default -> { }
        }
        for (String k : List.of("window", "grace", "functions", "ratio", "keep_errors", "keys", "mode")) {
            boolean allowed = switch (k) {
                case "window", "grace", "functions" -> action == Action.AGGREGATE;
                case "ratio", "keep_errors" -> action == Action.SAMPLE;
                default -> action == Action.REDACT;
            };
            if (n.has(k) && !allowed) {
                throw new PolicyException(origin + ": " + at + "." + k + ": does not apply to action " + action.wireName());
            }
        }
        return new Rule(name, match, action, aggregate, sample, redact);
    }

    private static Match match(JsonNode n, String origin, String at) {
        if (n.isMissingNode() || n.isNull()) {
            return new Match(Optional.empty(), Glob.ANY, Glob.ANY, Glob.ANY, Glob.ANY, Glob.ANY, Glob.ANY, Glob.ANY,
                    Set.of(), Map.of());
        }
        requireObject(n, origin, at + ".match");
        onlyKeys(n, MATCH, origin, at + ".match.");
        Optional<Signal> signal = Optional.empty();
        if (n.has("signal")) {
            String s = n.get("signal").asText().toLowerCase(Locale.ROOT);
            signal = Optional.of(switch (s) {
                case "metrics" -> Signal.METRICS;
                case "spans", "traces" -> Signal.SPANS;
                case "logs" -> Signal.LOGS;
                default -> throw new PolicyException(origin + ": " + at + ".match.signal: must be metrics, spans or logs, "
                        + "was '" + s + "'");
            });
        }
        checkSignalOnly(n, "name", signal, Signal.METRICS, origin, at);
        checkSignalOnly(n, "service", signal, Signal.SPANS, origin, at);
        checkSignalOnly(n, "operation", signal, Signal.SPANS, origin, at);
        checkSignalOnly(n, "level", signal, Signal.LOGS, origin, at);
        Set<io.edgeobs.model.LogLevel> levels = EnumSet.noneOf(LogLevel.class);
        JsonNode level = n.path("level");
        for (JsonNode l : level.isArray() ? level : List.of(level)) {
            if (l.isMissingNode()) {
                continue;
            }
            levels.add(LogLevel.parse(l.asText()).filter(x -> x != LogLevel.UNSPECIFIED).orElseThrow(() ->
                    new PolicyException(origin + ": " + at + ".match.level: '" + l.asText() + "' is not a log level "
                            + "(trace, debug, info, warn, error, fatal)")));
        }
        Map<String, Glob> tags = new LinkedHashMap<>();
        JsonNode t = n.path("tags");
        if (!t.isMissingNode()) {
            requireObject(t, origin, at + ".match.tags");
            t.fields().forEachRemaining(e -> tags.put(e.getKey(), glob(e.getValue(), origin, at + ".match.tags." + e.getKey())));
        }
        return new Match(signal, glob(n.get("tenant"), origin, at), glob(n.get("fleet"), origin, at),
                glob(n.get("device_type"), origin, at), glob(n.get("device_id"), origin, at),
                glob(n.get("name"), origin, at), glob(n.get("service"), origin, at), glob(n.get("operation"), origin, at),
                levels, tags);
    }

    private static void checkSignalOnly(JsonNode n, String key, Optional<Signal> signal, Signal required, String origin,
                                        String at) {
        if (n.has(key) && (signal.isEmpty() || signal.get() != required)) {
            throw new PolicyException(origin + ": " + at + ".match." + key + ": only applies to "
                    + required.name().toLowerCase(Locale.ROOT) + "; add signal: " + required.name().toLowerCase(Locale.ROOT));
        }
    }

    private static void requireSignal(Optional<Signal> signal, Signal required, Action action, String origin, String at) {
        if (signal.isEmpty() || signal.get() != required) {
            String s = required.name().toLowerCase(Locale.ROOT);
            throw new PolicyException(origin + ": " + at + ": action " + action.wireName() + " applies to " + s
                    + " only; add 'signal: " + s + "' to its match");
        }
    }

    private static Action action(String s, String origin, String at) {
        for (Action a : Action.values()) {
            if (a.wireName().equals(s.toLowerCase(Locale.ROOT).replace('-', '_'))) {
                return a;
            }
        }
        throw new PolicyException(origin + ": " + at + ".action: " + (s.isEmpty() ? "required" : "unknown action '" + s + "'")
                + "; use forward, drop, aggregate, sample, keep_local or redact");
    }

    private static Set<Rule.Function> functions(JsonNode n, String origin, String at) {
        if (n == null) {
            return EnumSet.allOf(Rule.Function.class);
        }
        if (!n.isArray() || n.isEmpty()) {
            throw new PolicyException(origin + ": " + at + ".functions: a non-empty list of min, max, sum, count, last");
        }
        Set<Rule.Function> out = EnumSet.noneOf(Rule.Function.class);
        for (JsonNode f : n) {
            try {
                out.add(Rule.Function.valueOf(f.asText().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new PolicyException(origin + ": " + at + ".functions: unknown function '" + f.asText()
                        + "'; use min, max, sum, count or last");
            }
        }
        return out;
    }

    private static Glob glob(JsonNode n, String origin, String path) {
        if (n == null || n.isNull()) {
            return Glob.ANY;
        }
        if (!n.isValueNode() || n.asText().isEmpty()) {
            throw new PolicyException(origin + ": " + path + ": must be a non-empty string (a glob)");
        }
        return Glob.of(n.asText());
    }

    private static Set<Integer> versions(JsonNode n, String origin, String path) {
        if (n == null || n.isNull()) {
            return Set.of();
        }
        if (!n.isArray()) {
            throw new PolicyException(origin + ": " + path + ": must be a list of registry versions, like [1, 2]");
        }
        Set<Integer> out = new TreeSet<>();
        for (JsonNode v : n) {
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
                throw new PolicyException(origin + ": " + path + ": '" + v.asText() + "' is not a version (1, 2, ...)");
            }
            out.add(v.asInt());
        }
        return out;
    }

    static Duration duration(JsonNode n, String origin, String path, Duration dflt) {
        if (n == null || n.isNull()) {
            if (dflt == null) {
                throw new PolicyException(origin + ": " + path + ": required, a duration like 60s, 5m or 1h");
            }
            return dflt;
        }
        Matcher m = DURATION.matcher(n.asText().trim());
        if (!m.matches()) {
            throw new PolicyException(origin + ": " + path + ": '" + n.asText() + "' is not a duration; write 500ms, 60s, "
                    + "5m or 1h");
        }
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(v);
            case "s" -> Duration.ofSeconds(v);
            case "m" -> Duration.ofMinutes(v);
            default -> Duration.ofHours(v);
        };
    }

    private static void requireObject(JsonNode n, String origin, String path) {
        if (!n.isObject()) {
            throw new PolicyException(origin + ": " + path + ": must be a mapping");
        }
    }

    private static void onlyKeys(JsonNode n, Set<String> allowed, String origin, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new PolicyException(origin + ": " + prefix + k + ": unknown key; known here: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }
}

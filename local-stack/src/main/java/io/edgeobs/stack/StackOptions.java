package io.edgeobs.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of {@code ./edgeobs up|down|status}.
 *
 * @param home          where data, logs and the state file live (kept between runs, so history survives a restart)
 * @param root          the repository root (where the built service jars are)
 * @param kafkaPort     the embedded Kafka broker's port
 * @param postgresPort  the embedded PostgreSQL's port
 * @param skip          services not to start
 * @param readyTimeout  how long a service may take to become ready
 * @param statusEvery   how often the live status line is refreshed
 * @param portOffset    added to every service port (8080 + offset, ...), to run a second stack beside a first
 * @param devices       lightweight simulated devices sending to the gateway (0: none)
 * @param profile       their workload profile (device-simulator's {@code Profile.parse})
 * @param agents        real edge-agent processes, each fed through its OTLP receiver by one simulated device
 * @param settings      extra properties per service module ({@code --set edge-agent:key=value})
 * @param sinks         where logs are stored: {@code postgresql}, {@code opensearch} or both (metrics and spans always
 *                      go to PostgreSQL); with {@code opensearch} an embedded OpenSearch runs and logs are searched there
 * @param openSearchPort the embedded OpenSearch's HTTP port (used only with the {@code opensearch} sink)
 * @param selfTelemetry what of the services' own telemetry goes through the stack (ADR 0070): {@code all} (their
 *                      traces over OTLP to the gateway, their meters scraped by the first agent), {@code traces}
 *                      (the first agent scrapes nothing of theirs) or {@code off}
 */
record StackOptions(Path home, Path root, int kafkaPort, int postgresPort, List<String> skip, Duration readyTimeout,
                    Duration statusEvery, int portOffset, int devices, String profile, int agents,
                    java.util.Map<String, java.util.Map<String, String>> settings, List<String> sinks,
                    int openSearchPort, String selfTelemetry) {

    static final String POSTGRESQL = "postgresql";
    static final String OPENSEARCH = "opensearch";
    static final List<String> SELF_TELEMETRY = List.of("all", "traces", "off");

    static final String USAGE = """
              --home DIR                data, logs and state (default .edgeobs)
              --kafka-port N            embedded Kafka broker port (default 19092)
              --postgres-port N         embedded PostgreSQL port (default 15432)
              --skip svc[,svc]          do not start these services (e.g. edge-agent)
              --ready-timeout SECONDS   how long a service may take to start (default 120)
              --status-every SECONDS    live status refresh (default 5)
              --port-offset N           add N to every service port (default 0), to run a second stack
              --devices N               simulated devices sending to the gateway (default 10, 0 for none)
              --agents N                edge-agent processes, each fed over OTLP by a simulated device (default 2;
                                        with --devices 0 they get no simulated feed)
              --set module:key=value    a configuration property for a service (repeatable), e.g.
                                        --set edge-agent:edgeobs.agent.policy.traces.rate=1 (every agent)
                                        --set edge-agent-2:edgeobs.agent.buffer.budget=1M (the 2nd agent)
                                        --set postgresql:shared_buffers=2GB (a PostgreSQL server setting;
                                        the stack's are shared_buffers=512MB, max_wal_size=4GB,
                                        checkpoint_timeout=15min)
              --self-telemetry S        the services' own telemetry through the stack: all (traces to the gateway,
                                        meters scraped by the first agent; default), traces, or off
              --profile P               their workload: reference (3,000 points, 10 traces, 5 logs a minute),
                                        light, heavy or points=N,traces=N,logs=N (default reference)
              --sinks LIST              where logs are stored: postgresql, opensearch, or postgresql,opensearch
                                        (default postgresql). With opensearch an embedded OpenSearch starts
                                        (data in <home>/data/opensearch) and the query service searches logs
                                        there; metrics and spans always go to PostgreSQL
              --opensearch-port N       embedded OpenSearch HTTP port, with the opensearch sink (default 19200)\
            """;

    static StackOptions parse(List<String> args) {
        Path home = Path.of(".edgeobs");
        Path root = Path.of(".");
        int kafkaPort = 19092;
        int postgresPort = 15432;
        List<String> skip = new ArrayList<>();
        Duration readyTimeout = Duration.ofSeconds(120);
        Duration statusEvery = Duration.ofSeconds(5);
        int portOffset = 0;
        int devices = 10;
        String profile = "reference";
        int agents = 2;
        String selfTelemetry = "all";
        java.util.Map<String, java.util.Map<String, String>> settings = new java.util.LinkedHashMap<>();
        List<String> sinks = List.of(POSTGRESQL);
        int openSearchPort = 19200;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (a) {
                case "--home" -> home = Path.of(require(a, value));
                case "--root" -> root = Path.of(require(a, value));
                case "--kafka-port" -> kafkaPort = port(a, value);
                case "--postgres-port" -> postgresPort = port(a, value);
                case "--skip" -> skip.addAll(List.of(require(a, value).split(",")));
                case "--ready-timeout" -> readyTimeout = Duration.ofSeconds(positive(a, value));
                case "--status-every" -> statusEvery = Duration.ofSeconds(positive(a, value));
                case "--port-offset" -> portOffset = nonNegative(a, value, 50_000);
                case "--devices" -> devices = nonNegative(a, value, 100_000);
                case "--profile" -> profile = profile(require(a, value));
                case "--agents" -> agents = nonNegative(a, value, 20);
                case "--set" -> setting(require(a, value), settings);
                case "--sinks" -> sinks = sinks(require(a, value));
                case "--opensearch-port" -> openSearchPort = port(a, value);
                case "--self-telemetry" -> selfTelemetry = selfTelemetry(require(a, value));
                default -> throw new StackException("unknown option '" + a + "'; ./edgeobs help lists the options");
            }
            i++;
        }
        return new StackOptions(home.toAbsolutePath().normalize(), root.toAbsolutePath().normalize(), kafkaPort,
                postgresPort, List.copyOf(skip), readyTimeout, statusEvery, portOffset, devices, profile,
                agents, settings, sinks, openSearchPort, selfTelemetry);
    }

    /** {@code postgresql}, {@code opensearch} or both, comma-separated ({@code postgres} is taken for postgresql). */
    private static List<String> sinks(String value) {
        java.util.Set<String> sinks = new java.util.LinkedHashSet<>();
        for (String name : value.split(",")) {
            String sink = name.trim().equals("postgres") ? POSTGRESQL : name.trim();
            if (!sink.equals(POSTGRESQL) && !sink.equals(OPENSEARCH)) {
                throw new StackException("--sinks names an unknown sink '" + name.trim() + "'; the log sinks are "
                        + POSTGRESQL + " and " + OPENSEARCH + " (for example --sinks postgresql,opensearch)");
            }
            sinks.add(sink);
        }
        if (sinks.isEmpty()) {
            throw new StackException("--sinks needs postgresql, opensearch or both, was '" + value + "'");
        }
        return List.copyOf(sinks);
    }

    /** Whether the stack runs an embedded OpenSearch, written to by the ingest service and searched by the query service. */
    boolean openSearch() {
        return sinks.contains(OPENSEARCH);
    }

    /** The ingest service's {@code edgeobs.ingest.sinks.logs}: {@code postgresql}, {@code opensearch} or {@code both}. */
    String ingestLogSinks() {
        return sinks.size() == 2 ? "both" : sinks.get(0);
    }

    private static void setting(String value, java.util.Map<String, java.util.Map<String, String>> settings) {
        int colon = value.indexOf(':');
        int eq = value.indexOf('=', colon + 1);
        if (colon <= 0 || eq <= colon + 1) {
            throw new StackException("--set needs module:key=value (for example edge-agent:quarkus.log.level=DEBUG), was '"
                    + value + "'");
        }
        String service = value.substring(0, colon);
        if (!Stack.SERVICE_PORTS.containsKey(service) && !service.matches("edge-agent-[1-9][0-9]*")
                && !service.equals(POSTGRESQL)) {
            throw new StackException("--set " + value + ": unknown service '" + service + "'; use one of "
                    + String.join(", ", Stack.SERVICE_PORTS.keySet()) + " (every agent), edge-agent-N for the N-th agent "
                    + "only, or postgresql for a server setting of the embedded PostgreSQL");
        }
        settings.computeIfAbsent(service, k -> new java.util.LinkedHashMap<>())
                .put(value.substring(colon + 1, eq), value.substring(eq + 1));
    }

    /**
     * The embedded PostgreSQL's server settings: the stack's own, sized for a fleet's write load rather than the
     * server's defaults (a 128 MB buffer cache and a checkpoint for every 1 GB of WAL, which at the reference fleet load
     * meant a checkpoint every 15 s and most of the WAL in full-page images; docs/benchmarks.md), then those given
     * with {@code --set postgresql:key=value}.
     */
    java.util.Map<String, String> postgresSettings() {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(java.util.Map.of(
                "shared_buffers", "512MB", "max_wal_size", "4GB", "checkpoint_timeout", "15min"));
        all.putAll(settingsOf(POSTGRESQL));
        return all;
    }

    /** The extra properties given for a service module. */
    java.util.Map<String, String> settingsOf(String module) {
        return settings.getOrDefault(module, java.util.Map.of());
    }

    private static String selfTelemetry(String value) {
        if (!SELF_TELEMETRY.contains(value)) {
            throw new StackException("--self-telemetry must be all, traces or off, was '" + value + "'");
        }
        return value;
    }

    /** Whether the services export their own traces to the gateway. */
    boolean selfTraces() {
        return !selfTelemetry.equals("off");
    }

    /** Whether the first agent scrapes the services' meters. */
    boolean selfMetrics() {
        return selfTelemetry.equals("all");
    }

    private static String profile(String value) {
        try {
            io.edgeobs.simulator.Profile.parse(value);
            return value;
        } catch (IllegalArgumentException e) {
            throw new StackException("--profile: " + e.getMessage());
        }
    }

    private static int nonNegative(String option, String value, int max) {
        try {
            int n = Integer.parseInt(require(option, value));
            if (n < 0 || n > max) {
                throw new StackException(option + " must be 0.." + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new StackException(option + " needs a number, was '" + value + "'");
        }
    }

    /** A service's port: its fixed port (ARCHITECTURE.md) plus the offset. */
    int port(int base) {
        return base + portOffset;
    }

    private static String require(String option, String value) {
        if (value == null || value.startsWith("--")) {
            throw new StackException(option + " needs a value");
        }
        return value;
    }

    private static int port(String option, String value) {
        int port = positive(option, value);
        if (port > 65_535) {
            throw new StackException(option + " must be a port number 1..65535, was " + port);
        }
        return port;
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(require(option, value));
            if (n <= 0) {
                throw new StackException(option + " must be positive, was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new StackException(option + " needs a number, was '" + value + "'");
        }
    }

    Path stateFile() {
        return home.resolve("stack.properties");
    }
}

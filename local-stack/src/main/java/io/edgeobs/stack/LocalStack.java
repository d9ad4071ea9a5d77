package io.edgeobs.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./edgeobs up|down|status}: runs the whole system on this machine. Infrastructure (Kafka, PostgreSQL)
 * runs inside this JVM; each service runs as a child JVM. This is a command-line program, so its user-facing
 * output goes to the terminal through {@link Console}.
 */
public final class LocalStack {

    /** Set once the stack is being stopped, so services exiting on SIGTERM are not reported as failures. */
    private static final java.util.concurrent.atomic.AtomicBoolean STOPPING = new java.util.concurrent.atomic.AtomicBoolean();

    private LocalStack() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        List<String> rest = args.length == 0 ? List.of() : List.of(args).subList(1, args.length);
        try {
            int code = switch (command) {
                case "up" -> up(StackOptions.parse(rest));
                case "down" -> down(StackOptions.parse(rest));
                case "status" -> status(StackOptions.parse(rest));
                case "help", "--help", "-h" -> {
                    Console.out("options of ./edgeobs up:\n" + StackOptions.USAGE);
                    yield 0;
                }
                default -> throw new StackException("unknown command '" + command + "'; use up, down, status or help");
            };
            System.exit(code);
        } catch (StackException e) {
            Console.err("edgeobs: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            Console.err("edgeobs: unexpected failure: " + e);
            System.exit(3);
        }
    }

    /** The device id and fleet the services' own telemetry is filed under (ADR 0070). */
    static final String SELF_SOURCE = "edgeobs-local";

    /** Each service's {@code service.name} in its own traces and the {@code job} label of its scraped metrics. */
    static final Map<String, String> SELF_NAMES = Map.of("schema-registry", "edgeobs-schema-registry",
            "edge-gateway", "edgeobs-gateway", "ingest-service", "edgeobs-ingest", "query-service", "edgeobs-query");

    /** How often the services' meters are scraped: the agent's (and Prometheus') usual interval. */
    static final String SELF_SCRAPE_INTERVAL = "15s";

    static List<ServiceSpec> services(StackOptions o, Infrastructure infra) {
        Map<String, String> kafka = Map.of("kafka.bootstrap.servers", infra.kafkaBootstrapServers());
        Map<String, String> db = infra.datasourceConfig();
        Map<String, Map<String, String>> config = Map.of(
                "schema-registry", merge(db, Map.of("edgeobs.registry.auth.admin-token", Secrets.registryAdminToken(o))),
                "edge-gateway", merge(kafka, Map.of("edgeobs.gateway.data-dir", o.home().resolve("data/gateway").toString(),
                        "edgeobs.gateway.admin-token", Secrets.gatewayAdminToken(o),
                        "edgeobs.gateway.schema-registry.url", "http://127.0.0.1:" + port(o, "schema-registry"),
                        "edgeobs.gateway.seed-api-keys", Provisioning.TENANT + ":" + SELF_SOURCE + ":edgeobs-services:"
                                + Secrets.servicesOtlpKey(o))),
                "ingest-service", merge(merge(merge(kafka, db), Map.of("edgeobs.schema-registry.url",
                        "http://127.0.0.1:" + port(o, "schema-registry"))), ingestLogSinks(o, infra)),
                // reads the ingest tables; an admin key of the local agent's tenant is made at its start
                "query-service", merge(merge(db, Map.of("edgeobs.query.auth.seed-keys",
                        Provisioning.TENANT + ":admin:local admin:" + Secrets.queryAdminKey(o))), logSearch(o, infra)));
        List<ServiceSpec> specs = new java.util.ArrayList<>(services(o).stream()
                .map(name -> new ServiceSpec(name, name, port(o, name), merge(merge(config.get(name),
                        o.selfTraces() ? selfTraces(o) : Map.of()),
                        o.settingsOf(name))))
                .toList());
        specs.addAll(agentSpecs(o));
        return specs;
    }

    /** The services other than the agents, in start order. */
    private static List<String> services(StackOptions o) {
        return Stack.SERVICE_PORTS.keySet().stream()
                .filter(name -> !o.skip().contains(name) && !name.equals("edge-agent")).toList();
    }

    /** The edge agents: settings for {@code edge-agent} go to every one, {@code edge-agent-N} to the N-th only. */
    static List<ServiceSpec> agentSpecs(StackOptions o) {
        List<ServiceSpec> specs = new java.util.ArrayList<>();
        if (!o.skip().contains("edge-agent")) {
            for (int i = 1; i <= o.agents(); i++) {
                // the agent's device token is added once the gateway is ready (see Stack.start)
                Map<String, String> agent = new LinkedHashMap<>(Map.of(
                        "edgeobs.agent.data-dir", o.home().resolve(i == 1 ? "data/agent" : "data/agent-" + i).toString(),
                        "edgeobs.agent.device-id", "local-device-" + i,
                        "edgeobs.agent.export.gateway-url", "http://127.0.0.1:" + port(o, "edge-gateway"),
                        "edgeobs.agent.otlp.port", Integer.toString(agentOtlpPort(o, i))));
                if (i == 1 && o.selfMetrics()) {
                    agent.putAll(selfScrape(o, services(o)));
                }
                specs.add(new ServiceSpec(agentName(i), "edge-agent", agentPort(o, i), agent)
                        .withAll(o.settingsOf("edge-agent")).withAll(o.settingsOf("edge-agent-" + i)));
            }
        }
        return specs;
    }

    /** Where the ingest service writes logs (--sinks); nothing when PostgreSQL alone, its default. */
    private static Map<String, String> ingestLogSinks(StackOptions o, Infrastructure infra) {
        if (!o.openSearch()) {
            return Map.of();
        }
        return Map.of("edgeobs.ingest.sinks.logs", o.ingestLogSinks(),
                "edgeobs.ingest.opensearch.url", infra.openSearchUrl());
    }

    /** With OpenSearch in the stack, the query service searches logs there (PostgreSQL may not hold them). */
    private static Map<String, String> logSearch(StackOptions o, Infrastructure infra) {
        if (!o.openSearch()) {
            return Map.of();
        }
        return Map.of("edgeobs.query.logs.backend", StackOptions.OPENSEARCH,
                "edgeobs.query.logs.opensearch.url", infra.openSearchUrl());
    }

    /**
     * The services' own traces (ADR 0070): on, over OTLP/HTTP to the gateway with the seeded api-key, filed under the
     * device {@value #SELF_SOURCE}. {@code --set module:quarkus.otel.sdk.disabled=true} turns one off again.
     */
    static Map<String, String> selfTraces(StackOptions o) {
        return Map.of("quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + port(o, "edge-gateway"),
                "quarkus.otel.exporter.otlp.traces.headers", "authorization=Bearer " + Secrets.servicesOtlpKey(o),
                "quarkus.otel.resource.attributes", "edgeobs.device.id=" + SELF_SOURCE);
    }

    /**
     * The services' own meters (ADR 0070): the first agent scrapes each service's {@code /q/metrics} like any
     * Prometheus target, job {@code edgeobs-<service>}, with the label {@code source=}{@value #SELF_SOURCE}.
     */
    static Map<String, String> selfScrape(StackOptions o, List<String> services) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String service : services) {
            String target = "edgeobs.agent.scrape.targets." + SELF_NAMES.get(service);
            m.put(target + ".url", "http://127.0.0.1:" + port(o, service) + "/q/metrics");
            m.put(target + ".interval", SELF_SCRAPE_INTERVAL);
            m.put(target + ".labels.source", SELF_SOURCE);
        }
        return m;
    }

    /** {@code edge-agent}, {@code edge-agent-2}, ...: the i-th agent (from 1). */
    static String agentName(int i) {
        return i == 1 ? "edge-agent" : "edge-agent-" + i;
    }

    /** The i-th agent's HTTP port: 8090, 8091, ... plus the offset. */
    static int agentPort(StackOptions o, int i) {
        return port(o, "edge-agent") + i - 1;
    }

    /** The i-th agent's OTLP/HTTP receiver port: 4318, 4319, ... plus the offset. */
    static int agentOtlpPort(StackOptions o, int i) {
        return o.port(Stack.AGENT_OTLP_PORT + i - 1);
    }

    static int port(StackOptions o, String service) {
        return o.port(Stack.SERVICE_PORTS.get(service));
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    private static int up(StackOptions o) throws Exception {
        Optional<StackState> existing = StackState.read(o.stateFile());
        if (existing.isPresent() && existing.get().isRunning()) {
            throw new StackException("a stack is already running (pid " + existing.get().pid()
                    + "); stop it with ./edgeobs down");
        }
        for (String skipped : o.skip()) {
            if (!Stack.SERVICE_PORTS.containsKey(skipped)) {
                throw new StackException("--skip names an unknown service '" + skipped + "'; the services are "
                        + String.join(", ", Stack.SERVICE_PORTS.keySet()));
            }
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka", o.kafkaPort());
        ports.put("postgresql", o.postgresPort());
        if (o.openSearch()) {
            ports.put("opensearch", o.openSearchPort());
        }
        Stack.SERVICE_PORTS.keySet().forEach(name -> {
            if (!o.skip().contains(name) && !name.equals("edge-agent")) {
                ports.put(name, port(o, name));
            }
        });
        if (!o.skip().contains("edge-agent")) {
            for (int i = 1; i <= o.agents(); i++) {
                ports.put(agentName(i), agentPort(o, i));
                ports.put(agentName(i) + " OTLP receiver", agentOtlpPort(o, i));
            }
        }
        Ports.requireFree(ports);
        Files.createDirectories(o.home());

        Stack stack = Stack.start(o);
        Thread shutdown = new Thread(() -> stopAll(stack, o), "edgeobs-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            Map<String, String> endpoints = stack.endpoints();
            new StackState(ProcessHandle.current().pid(), endpoints).write(o.stateFile());
            Console.out("\nedgeobs is running:");
            endpoints.forEach((k, v) -> Console.out(String.format("  %-28s %s", k, v)));
            Console.out("\nschema registry admin token: " + Secrets.tokenFile(o));
            Console.out("edge gateway admin token:    " + Secrets.gatewayTokenFile(o) + " (the agent's device token: "
                    + Provisioning.tokenFile(o) + ")");
            Console.out("query service admin API key: " + Secrets.queryKeyFile(o) + " (tenant " + Provisioning.TENANT
                    + "; send it as X-API-Key)");
            if (o.selfTraces()) {
                Console.out("the services' own traces are under device " + SELF_SOURCE + (o.selfMetrics()
                        ? ", their meters under the first agent's device with job=edgeobs-<service>" : "")
                        + " (docs/getting-started.md)");
            }
            Console.out("logs in " + o.home().resolve("logs") + "; Ctrl-C or ./edgeobs down stops everything\n");
            return watch(stack, o.statusEvery());
        } catch (StackException e) {
            Runtime.getRuntime().removeShutdownHook(shutdown);
            stopAll(stack, o);
            throw e;
        }
    }

    /** Prints a status line until a child dies (non-zero exit) or the user stops the stack (shutdown hook). */
    private static int watch(Stack stack, Duration every) throws InterruptedException {
        while (true) {
            Thread.sleep(every.toMillis());
            if (STOPPING.get()) {
                return 0;
            }
            Optional<ServiceProcess> dead = stack.dead();
            if (dead.isPresent() && !STOPPING.get()) {
                ServiceProcess p = dead.get();
                Console.err("edgeobs: " + p.spec().name() + " exited with code " + p.exitValue()
                        + "; stopping the stack. The end of " + p.log() + ":\n" + p.tail(20));
                return 1;
            }
            Console.status(stack.status());
        }
    }

    private static void stopAll(Stack stack, StackOptions o) {
        if (!STOPPING.compareAndSet(false, true)) {
            return;
        }
        Console.out("\nstopping edgeobs ...");
        stack.close();
        try {
            Files.deleteIfExists(o.stateFile());
        } catch (IOException e) {
            Console.err("edgeobs: could not remove " + o.stateFile() + ": " + e.getMessage());
        }
        Console.out("stopped");
    }

    private static int down(StackOptions o) throws Exception {
        Optional<StackState> state = StackState.read(o.stateFile());
        if (state.isEmpty() || !state.get().isRunning()) {
            Console.out("edgeobs is not running");
            Files.deleteIfExists(o.stateFile());
            return 0;
        }
        ProcessHandle handle = ProcessHandle.of(state.get().pid()).orElseThrow();
        Console.out("stopping edgeobs (pid " + handle.pid() + ") ...");
        handle.destroy();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (handle.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        if (handle.isAlive()) {
            throw new StackException("the stack (pid " + handle.pid() + ") did not stop within 60 s; kill it with "
                    + "kill -9 " + handle.pid());
        }
        Console.out("stopped");
        return 0;
    }

    private static int status(StackOptions o) throws Exception {
        Optional<StackState> state = StackState.read(o.stateFile());
        if (state.isEmpty() || !state.get().isRunning()) {
            Console.out("edgeobs is not running (start it with ./edgeobs up)");
            return 1;
        }
        Console.out("edgeobs is running (pid " + state.get().pid() + "):");
        int unhealthy = 0;
        for (Map.Entry<String, String> e : state.get().endpoints().entrySet()) {
            String line = String.format("  %-28s %s", e.getKey(), e.getValue());
            if (e.getKey().endsWith(" health")) {
                int code = Health.check(readiness(e.getKey(), e.getValue()));
                line += code == 200 ? "  ready" : "  NOT READY (" + (code < 0 ? "no answer" : "HTTP " + code) + ")";
                unhealthy += code == 200 ? 0 : 1;
            }
            Console.out(line);
        }
        return unhealthy == 0 ? 0 : 1;
    }

    /** What answers 200 when it is ready: a service's {@code /q/health/ready}, OpenSearch's cluster at least yellow. */
    private static String readiness(String endpoint, String url) {
        return endpoint.equals(Stack.OPENSEARCH_HEALTH) ? url + "?wait_for_status=yellow&timeout=1s" : url + "/ready";
    }
}

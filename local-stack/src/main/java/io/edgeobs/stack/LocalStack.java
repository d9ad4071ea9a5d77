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

    /** The services in start order, with their ports (ARCHITECTURE.md); each runs from its module's Quarkus jar. */
    private static final Map<String, Integer> SERVICE_PORTS = orderedPorts(
            "schema-registry", 8081, "edge-gateway", 8080, "ingest-service", 8083, "query-service", 8082,
            "edge-agent", 8090);

    static List<ServiceSpec> services(StackOptions o, Infrastructure infra) {
        Map<String, String> kafka = Map.of("kafka.bootstrap.servers", infra.kafkaBootstrapServers());
        Map<String, String> db = infra.datasourceConfig();
        Map<String, Map<String, String>> config = Map.of(
                "schema-registry", merge(db, Map.of("edgeobs.registry.auth.admin-token", Secrets.registryAdminToken(o))),
                "edge-gateway", merge(kafka, Map.of("edgeobs.gateway.data-dir", o.home().resolve("data/gateway").toString(),
                        "edgeobs.gateway.admin-token", Secrets.gatewayAdminToken(o),
                        "edgeobs.gateway.schema-registry.url", "http://127.0.0.1:" + SERVICE_PORTS.get("schema-registry"))),
                "ingest-service", merge(merge(kafka, db), Map.of("edgeobs.schema-registry.url",
                        "http://127.0.0.1:" + SERVICE_PORTS.get("schema-registry"))),
                // reads the ingest tables; an admin key of the local agent's tenant is made at its start
                "query-service", merge(db, Map.of("edgeobs.query.auth.seed-keys",
                        Provisioning.TENANT + ":admin:local admin:" + Secrets.queryAdminKey(o))),
                // the agent's device token is added once the gateway is ready (see withAgentToken)
                "edge-agent", Map.of("edgeobs.agent.data-dir", o.home().resolve("data/agent").toString(),
                        "edgeobs.agent.device-id", "local-device-1",
                        "edgeobs.agent.export.gateway-url", "http://127.0.0.1:" + SERVICE_PORTS.get("edge-gateway")));
        return SERVICE_PORTS.entrySet().stream().filter(e -> !o.skip().contains(e.getKey()))
                .map(e -> new ServiceSpec(e.getKey(), e.getKey(), e.getValue(), config.get(e.getKey())))
                .toList();
    }

    private static Map<String, Integer> orderedPorts(Object... nameAndPort) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndPort.length; i += 2) {
            m.put((String) nameAndPort[i], (Integer) nameAndPort[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
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
            if (!SERVICE_PORTS.containsKey(skipped)) {
                throw new StackException("--skip names an unknown service '" + skipped + "'; the services are "
                        + String.join(", ", SERVICE_PORTS.keySet()));
            }
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka", o.kafkaPort());
        ports.put("postgresql", o.postgresPort());
        SERVICE_PORTS.forEach((name, port) -> {
            if (!o.skip().contains(name)) {
                ports.put(name, port);
            }
        });
        if (!o.skip().contains("edge-agent")) {
            ports.put("edge-agent OTLP receiver", 4318);
        }
        Ports.requireFree(ports);
        Files.createDirectories(o.home());

        List<ServiceProcess> running = new ArrayList<>();
        Infrastructure infra = null;
        Thread shutdown = null;
        try {
            Console.out("starting embedded infrastructure (data in " + o.home().resolve("data") + ")");
            infra = Infrastructure.start(o);
            Console.out("  kafka       " + infra.kafkaBootstrapServers());
            Console.out("  postgresql  " + infra.jdbcUrl());
            Infrastructure startedInfra = infra;
            shutdown = new Thread(() -> stopAll(running, startedInfra, o), "edgeobs-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdown);

            List<ServiceSpec> specs = services(o, infra);
            for (ServiceSpec spec : specs) {
                if (spec.name().equals("edge-agent")) {
                    spec = withAgentToken(spec, running, o);
                }
                Console.out("starting " + spec.name() + " on port " + spec.port() + " ...");
                running.add(ServiceProcess.start(spec, o.root(), o.home().resolve("logs")));
            }
            for (ServiceProcess p : running) {
                long start = System.nanoTime();
                p.awaitReady(o.readyTimeout());
                Console.out(String.format("  %-16s ready in %.1f s", p.spec().name(), (System.nanoTime() - start) / 1e9));
            }
            Map<String, String> endpoints = endpoints(infra, running);
            new StackState(ProcessHandle.current().pid(), endpoints).write(o.stateFile());
            Console.out("\nedgeobs is running:");
            endpoints.forEach((k, v) -> Console.out(String.format("  %-28s %s", k, v)));
            Console.out("\nschema registry admin token: " + Secrets.tokenFile(o));
            Console.out("edge gateway admin token:    " + Secrets.gatewayTokenFile(o) + " (the agent's device token: "
                    + Provisioning.tokenFile(o) + ")");
            Console.out("query service admin API key: " + Secrets.queryKeyFile(o) + " (tenant " + Provisioning.TENANT
                    + "; send it as X-API-Key)");
            Console.out("logs in " + o.home().resolve("logs") + "; Ctrl-C or ./edgeobs down stops everything\n");
            return watch(running, o.statusEvery());
        } catch (StackException e) {
            if (shutdown != null) {
                Runtime.getRuntime().removeShutdownHook(shutdown);
            }
            stopAll(running, infra, o);
            throw e;
        }
    }

    /**
     * The agent needs a device token from the gateway: wait for the gateway, issue (or reuse) one, and give it to the
     * agent. Without a gateway in the stack the agent runs without a token (its exports are refused and kept).
     */
    private static ServiceSpec withAgentToken(ServiceSpec agent, List<ServiceProcess> running, StackOptions o) {
        for (ServiceProcess p : running) {
            if (p.spec().name().equals("edge-gateway")) {
                p.awaitReady(o.readyTimeout());
                String token = Provisioning.agentToken(o, p.spec().baseUrl(), Secrets.gatewayAdminToken(o));
                return new ServiceSpec(agent.name(), agent.module(), agent.port(),
                        merge(agent.config(), Map.of("edgeobs.agent.export.device-token", token)));
            }
        }
        return agent;
    }

    /** What the user can reach, in a stable order; later features add their endpoints here. */
    private static Map<String, String> endpoints(Infrastructure infra, List<ServiceProcess> running) {
        Map<String, String> e = new LinkedHashMap<>();
        for (ServiceProcess p : running) {
            e.put(p.spec().name(), p.spec().baseUrl());
            e.put(p.spec().name() + " health", p.spec().baseUrl() + "/q/health");
        }
        e.put("kafka", infra.kafkaBootstrapServers());
        e.put("postgresql", infra.jdbcUrl());
        return e;
    }

    /** Prints a status line until a child dies (non-zero exit) or the user stops the stack (shutdown hook). */
    private static int watch(List<ServiceProcess> running, Duration every) throws InterruptedException {
        while (true) {
            Thread.sleep(every.toMillis());
            int ready = 0;
            for (ServiceProcess p : running) {
                if (STOPPING.get()) {
                    return 0;
                }
                if (!p.isAlive()) {
                    Console.err("edgeobs: " + p.spec().name() + " exited with code " + p.exitValue()
                            + "; stopping the stack. The end of " + p.log() + ":\n" + p.tail(20));
                    return 1;
                }
                ready += p.isReady() ? 1 : 0;
            }
            Console.status(String.format("services ready %d/%d", ready, running.size()));
        }
    }

    private static void stopAll(List<ServiceProcess> running, Infrastructure infra, StackOptions o) {
        STOPPING.set(true);
        Console.out("\nstopping edgeobs ...");
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        if (infra != null) {
            infra.close();
        }
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
                int code = Health.check(e.getValue() + "/ready");
                line += code == 200 ? "  ready" : "  NOT READY (" + (code < 0 ? "no answer" : "HTTP " + code) + ")";
                unhealthy += code == 200 ? 0 : 1;
            }
            Console.out(line);
        }
        return unhealthy == 0 ? 0 : 1;
    }
}

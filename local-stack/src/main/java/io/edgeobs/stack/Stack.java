package io.edgeobs.stack;

import io.edgeobs.model.Signal;
import io.edgeobs.simulator.Fleet;
import io.edgeobs.simulator.GatewaySender;
import io.edgeobs.simulator.OtlpSender;
import io.edgeobs.simulator.Profile;
import io.edgeobs.simulator.Stats;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A started local stack: the embedded infrastructure, the services as child JVMs (all ready), and the simulated
 * devices sending to the gateway. {@code ./edgeobs up} runs one until stopped; the end-to-end tests start one of
 * their own (on other ports) and drive it.
 */
final class Stack implements AutoCloseable {

    /** The services in start order, with their ports (ARCHITECTURE.md) before any offset. */
    static final Map<String, Integer> SERVICE_PORTS = orderedPorts(
            "schema-registry", 8081, "edge-gateway", 8080, "ingest-service", 8083, "query-service", 8082,
            "edge-agent", 8090);
    static final int AGENT_OTLP_PORT = 4318;
    /** The endpoints that say whether OpenSearch runs, and where logs go. */
    static final String OPENSEARCH_HEALTH = "opensearch health";
    static final String LOG_SINKS = "log sinks";

    final StackOptions options;
    final Infrastructure infra;
    final List<ServiceProcess> running;
    final Stats simulated = new Stats();
    private Fleet fleet;
    private final List<Fleet> agentFeeds = new ArrayList<>();
    private long lastProduced;
    private long lastDelivered;
    private long lastStatusNanos = System.nanoTime();
    private PipelineStatus pipeline;
    private long lastStored = -1;

    private Stack(StackOptions options, Infrastructure infra, List<ServiceProcess> running) {
        this.options = options;
        this.infra = infra;
        this.running = running;
    }

    /** Starts everything and waits until every service is ready; on any failure stops what it started and throws. */
    static Stack start(StackOptions o) {
        Console.out("starting embedded infrastructure (data in " + o.home().resolve("data") + ")"
                + (o.openSearch() ? "; OpenSearch takes 10 to 60 s" : ""));
        Infrastructure infra = Infrastructure.start(o);
        Stack stack = new Stack(o, infra, new ArrayList<>());
        try {
            Console.out("  kafka       " + infra.kafkaBootstrapServers());
            Console.out("  postgresql  " + infra.jdbcUrl());
            if (o.openSearch()) {
                Console.out(String.format("  opensearch  %s (ready in %.1f s)", infra.openSearchUrl(),
                        infra.openSearchStartSeconds()));
            }
            for (ServiceSpec spec : LocalStack.services(o, infra)) {
                if (spec.module().equals("edge-agent")) {
                    Optional<ServiceProcess> g = stack.gateway();
                    if (g.isPresent()) {
                        spec = spec.with("edgeobs.agent.export.device-token", deviceToken(g.get(), o));
                    }
                }
                Console.out("starting " + spec.name() + " on port " + spec.port() + " ...");
                stack.running.add(ServiceProcess.start(spec, o.root(), o.home().resolve("logs")));
            }
            for (ServiceProcess p : stack.running) {
                long start = System.nanoTime();
                p.awaitReady(o.readyTimeout());
                Console.out(String.format("  %-16s ready in %.1f s", p.spec().name(), (System.nanoTime() - start) / 1e9));
            }
            stack.startDevices();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** The device token of the tenant {@code local} (issued once by the gateway, kept under the stack's home). */
    static String deviceToken(ServiceProcess gateway, StackOptions o) {
        return Provisioning.agentToken(o, gateway.spec().baseUrl(), Secrets.gatewayAdminToken(o));
    }

    /** Kills a service with SIGKILL (no shutdown of any kind), as a power cut or the OOM killer would. */
    void kill(String service) {
        find(service).kill();
    }

    /** Stops a service as an operator would (SIGTERM: its graceful shutdown runs), without starting it again. */
    void stop(String service) {
        find(service).close();
    }

    /** Starts a killed or stopped service again with the same settings and waits until it is ready. */
    void restart(String service) {
        ServiceProcess old = find(service);
        old.close();
        ServiceProcess fresh = ServiceProcess.start(old.spec(), options.root(), options.home().resolve("logs"));
        running.set(running.indexOf(old), fresh);
        fresh.awaitReady(options.readyTimeout());
    }

    private ServiceProcess find(String service) {
        return running.stream().filter(p -> p.spec().name().equals(service)).findFirst()
                .orElseThrow(() -> new StackException("no " + service + " in the stack"));
    }

    /** The running gateway, once it is ready. */
    Optional<ServiceProcess> gateway() {
        for (ServiceProcess p : running) {
            if (p.spec().name().equals("edge-gateway")) {
                p.awaitReady(options.readyTimeout());
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private void startDevices() {
        Profile profile = Profile.parse(options.profile());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<ServiceProcess> agents = running.stream().filter(p -> p.spec().module().equals("edge-agent")).toList();
        for (int i = 0; i < agents.size() && options.devices() > 0; i++) {
            // one simulated device's workload into each agent's OTLP receiver, as applications on that device would send
            Fleet feed = new Fleet(new Fleet.Settings(1, profile, "feed-" + (i + 1), "sim-rpi4", 100 + i, 4L << 20, 1,
                    List.of()), new OtlpSender(http, "http://127.0.0.1:" + LocalStack.agentOtlpPort(options, i + 1),
                    Duration.ofSeconds(10)), simulated);
            feed.start();
            agentFeeds.add(feed);
        }
        if (!agentFeeds.isEmpty()) {
            Console.out(String.format("feeding %d agents over OTLP (profile %s each)", agents.size(), profile.name()));
        }
        if (options.devices() == 0) {
            return;
        }
        Optional<ServiceProcess> g = gateway();
        if (g.isEmpty()) {
            Console.out("no gateway in the stack: no simulated devices");
            return;
        }
        String token = deviceToken(g.get(), options);
        fleet = new Fleet(new Fleet.Settings(options.devices(), profile, "sim", "sim-rpi4", 1, 4L << 20, 2, List.of()),
                new GatewaySender(http, g.get().spec().baseUrl(), token, Duration.ofSeconds(10)), simulated);
        fleet.start();
        Console.out(String.format("simulating %d devices (profile %s: %,d points, %.0f traces, %.0f logs a minute each)",
                options.devices(), profile.name(), profile.pointsPerMinute(), profile.tracesPerMinute(),
                profile.logsPerMinute()));
    }

    /** Stops the simulated devices producing; what they hold is still sent. */
    void stopDevices() {
        if (fleet != null) {
            fleet.stopProducing();
        }
        agentFeeds.forEach(Fleet::stopProducing);
    }

    /** Waits until the simulated devices' buffers are empty. */
    boolean drainDevices(Duration timeout) throws InterruptedException {
        return fleet == null || fleet.drain(timeout);
    }

    /** What the user can reach, in a stable order. */
    Map<String, String> endpoints() {
        Map<String, String> e = new LinkedHashMap<>();
        for (ServiceProcess p : running) {
            e.put(p.spec().name(), p.spec().baseUrl());
            e.put(p.spec().name() + " health", p.spec().baseUrl() + "/q/health");
            if (p.spec().name().equals("query-service")) {
                e.put("query API", p.spec().baseUrl() + "/api/v1");
                e.put("Jaeger-compatible API", p.spec().baseUrl() + "/api/services");
                e.put("Swagger UI", p.spec().baseUrl() + "/q/swagger-ui");
            }
        }
        e.put("kafka", infra.kafkaBootstrapServers());
        e.put("postgresql", infra.jdbcUrl());
        if (options.openSearch()) {
            e.put("opensearch", infra.openSearchUrl());
            e.put(OPENSEARCH_HEALTH, infra.openSearchUrl() + "/_cluster/health");
            e.put(LOG_SINKS, String.join(",", options.sinks()) + " (logs searched in opensearch)");
        } else {
            e.put(LOG_SINKS, "postgresql (OpenSearch off; --sinks postgresql,opensearch turns it on)");
        }
        return e;
    }

    /** A service that exited, if one did. */
    Optional<ServiceProcess> dead() {
        return running.stream().filter(p -> !p.isAlive()).findFirst();
    }

    /**
     * The live status line: services ready, the simulated devices' rates since the last line, records stored, Kafka
     * lag, and what the edge agents hold buffered (and dropped).
     */
    String status() {
        long ready = running.stream().filter(ServiceProcess::isReady).count();
        StringBuilder b = new StringBuilder(String.format("services ready %d/%d", ready, running.size()));
        if (fleet != null || !agentFeeds.isEmpty()) {
            long now = System.nanoTime();
            double seconds = Math.max(0.001, (now - lastStatusNanos) / 1e9);
            long produced = total(true);
            long delivered = total(false);
            long waiting = (fleet == null ? 0 : fleet.pendingRecords())
                    + agentFeeds.stream().mapToLong(Fleet::pendingRecords).sum();
            b.append(String.format(" | %d devices + %d fed agents: %,.0f records/s produced, %,.0f/s taken, %,d waiting",
                    fleet == null ? 0 : options.devices(), agentFeeds.size(), (produced - lastProduced) / seconds,
                    (delivered - lastDelivered) / seconds, waiting));
            lastProduced = produced;
            lastDelivered = delivered;
            lastStatusNanos = now;
            if (pipeline == null) {
                pipeline = new PipelineStatus(infra);
            }
            long stored = pipeline.stored(StackOptions.POSTGRESQL);
            if (stored >= 0 && lastStored >= 0) {
                b.append(String.format(", %,.0f/s stored", (stored - lastStored) / seconds));
            }
            lastStored = stored;
            if (options.openSearch()) {
                // a total, not a rate: the reference profile's few logs a minute would show as 0/s
                long indexed = pipeline.stored(StackOptions.OPENSEARCH);
                if (indexed >= 0) {
                    b.append(String.format(", %,d logs in OpenSearch", indexed));
                }
            }
            long lag = pipeline.kafkaLag();
            if (lag >= 0) {
                b.append(String.format(" | Kafka lag %,d records", lag));
            }
        }
        List<String> agents = running.stream().filter(p -> p.spec().module().equals("edge-agent"))
                .map(p -> p.spec().baseUrl()).toList();
        if (!agents.isEmpty()) {
            AgentBuffers.Totals t = AgentBuffers.read(agents);
            if (t.answered() > 0) {
                b.append(String.format(" | buffered on agents %,d records", t.buffered()));
                if (t.dropped() > 0) {
                    b.append(String.format(", %,d dropped", t.dropped()));
                }
                if (t.answered() < t.agents()) {
                    b.append(String.format(" (%d of %d agents answered)", t.answered(), t.agents()));
                }
            }
        }
        return b.toString();
    }

    private long total(boolean produced) {
        long n = 0;
        for (Signal s : Signal.values()) {
            n += produced ? simulated.produced(s) : simulated.delivered(s);
        }
        return n;
    }

    @Override
    public void close() {
        if (pipeline != null) {
            pipeline.close();
        }
        List<Fleet> fleets = new ArrayList<>(agentFeeds);
        if (fleet != null) {
            fleets.add(fleet);
        }
        for (Fleet f : fleets) {
            try {
                f.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        infra.close();
    }

    private static Map<String, Integer> orderedPorts(Object... nameAndPort) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndPort.length; i += 2) {
            m.put((String) nameAndPort[i], (Integer) nameAndPort[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}

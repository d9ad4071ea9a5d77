package io.edgeobs.stack;

import io.edgeobs.model.Signal;
import io.edgeobs.simulator.Fleet;
import io.edgeobs.simulator.GatewaySender;
import io.edgeobs.simulator.Stats;
import io.edgeobs.testsupport.DataDirs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the end-to-end and fault tests read back from a running {@link Stack}: the records stored for a set of
 * devices (tenant {@code local}, device ids starting with a prefix), duplicates among them, the ends of the
 * services' logs for failure messages, and free ports for a stack of their own.
 */
final class StackChecks {

    private StackChecks() {
    }

    /** The tenant's devices named {@code prefix} or {@code <prefix>-*}, as SQL on {@code device_id}. */
    private static String devices(String prefix) {
        return "tenant = 'local' AND (device_id = '" + prefix + "' OR device_id LIKE '" + prefix + "-%')";
    }

    /** Records stored per signal for the devices {@code <prefix>} and {@code <prefix>-*}; -1 each while the database cannot answer. */
    static Map<Signal, Long> stored(Stack stack, String prefix) {
        Map<Signal, Long> m = new EnumMap<>(Signal.class);
        String devices = devices(prefix);
        try (Connection c = db(stack); Statement st = c.createStatement()) {
            m.put(Signal.METRICS, one(st, "SELECT count(*) FROM metric_points p JOIN series s ON s.id = p.series_id "
                    + "WHERE s." + devices.replace("device_id", "s.device_id")));
            m.put(Signal.SPANS, one(st, "SELECT count(*) FROM spans WHERE " + devices));
            m.put(Signal.LOGS, one(st, "SELECT count(*) FROM logs WHERE " + devices));
        } catch (SQLException e) {
            // the database is down (a fault scenario) or the ingest tables are not made yet
            for (Signal s : Signal.values()) {
                m.put(s, -1L);
            }
        }
        return m;
    }

    /** Rows stored more than once: the same point of a series, the same span id, the same log record. */
    static long duplicates(Stack stack, String prefix) throws SQLException {
        String devices = devices(prefix);
        try (Connection c = db(stack); Statement st = c.createStatement()) {
            return one(st, "SELECT count(*) - count(DISTINCT (p.series_id, p.ts)) FROM metric_points p JOIN series s "
                    + "ON s.id = p.series_id WHERE s." + devices.replace("device_id", "s.device_id"))
                    + one(st, "SELECT count(*) - count(DISTINCT (trace_id, span_id)) FROM spans WHERE " + devices)
                    + one(st, "SELECT count(*) - count(DISTINCT (device_id, ts, message)) FROM logs WHERE " + devices);
        }
    }

    static long one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Connection db(Stack stack) throws SQLException {
        return DriverManager.getConnection(stack.infra.jdbcUrl(), "postgres", "postgres");
    }

    /** The ends of the services' logs, to say why when something is missing. */
    static String logTails(Stack stack) {
        StringBuilder b = new StringBuilder();
        for (ServiceProcess p : stack.running) {
            b.append("\n--- ").append(p.spec().name()).append(" (").append(p.log()).append(")\n").append(p.tail(15));
        }
        return b.toString();
    }

    /**
     * Per signal, the telemetry records an agent dropped from its buffer, read once it holds nothing undelivered
     * (or after two minutes), so no later eviction can change the count.
     */
    static Map<Signal, Long> agentDroppedOnceDelivered(String agentBaseUrl) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create(agentBaseUrl + "/q/metrics"))
                .header("Accept", "text/plain; version=0.0.4").build();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String page = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
        while (AgentBuffers.sum(page, "edgeobs_agent_buffer_records") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            page = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
        }
        return droppedOnPage(page);
    }

    /** Per signal, the telemetry records an agent dropped or filtered so far (empty when it does not answer). */
    static Map<Signal, Long> agentDropped(String agentBaseUrl) {
        try {
            HttpRequest get = HttpRequest.newBuilder(URI.create(agentBaseUrl + "/q/metrics"))
                    .timeout(Duration.ofSeconds(2)).header("Accept", "text/plain; version=0.0.4").build();
            return droppedOnPage(HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private static Map<Signal, Long> droppedOnPage(String page) {
        Map<Signal, Long> dropped = new EnumMap<>(Signal.class);
        for (String line : page.split("\n")) {
            // evicted from the buffer, or filtered (sampling, rate limits, degradation as the buffer fills)
            if (line.startsWith("edgeobs_agent_buffer_dropped{") || line.startsWith("edgeobs_agent_records_filtered_total{")) {
                for (Signal s : Signal.values()) {
                    if (line.contains("signal=\"" + s.name().toLowerCase(java.util.Locale.ROOT) + "\"")) {
                        dropped.merge(s, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Long::sum);
                    }
                }
            }
        }
        return dropped;
    }

    /**
     * Runs simulated devices against the stack's gateway (with the stack's device token) for {@code length}, then
     * has them hand over what they still hold; fails unless the gateway took everything.
     */
    static void runFleet(Stack stack, StackOptions options, Fleet.Settings settings, Duration length, Stats stats)
            throws Exception {
        ServiceProcess gateway = stack.gateway().orElseThrow();
        String token = Stack.deviceToken(gateway, options);
        try (Fleet fleet = new Fleet(settings, new GatewaySender(HttpClient.newHttpClient(), gateway.spec().baseUrl(),
                token, Duration.ofSeconds(10)), stats)) {
            fleet.start();
            Thread.sleep(length.toMillis()); // the workload's duration, not a wait for a condition
            fleet.stopProducing();
            assertThat(fleet.drain(Duration.ofSeconds(60))).as("the gateway took everything").isTrue();
        }
    }

    /** Stops the stack (if it started) and deletes its folder. */
    static void stopAndDelete(Stack stack, Path home) {
        if (stack != null) {
            stack.close();
        }
        if (home != null) {
            DataDirs.deleteRecursively(home);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** An offset under which every service port (8080..8090, 4318) is free. */
    static int freeOffset() {
        for (int offset = 20_000; offset < 40_000; offset += 97) {
            boolean free = true;
            for (int base : List.of(8080, 8081, 8082, 8083, 8090, 8091, 4318, 4319)) {
                try (ServerSocket s = new ServerSocket(base + offset, 1, InetAddress.getLoopbackAddress())) {
                    s.getLocalPort();
                } catch (IOException e) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset");
    }
}

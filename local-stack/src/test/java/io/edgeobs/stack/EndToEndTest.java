package io.edgeobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.model.Signal;
import io.edgeobs.simulator.Fleet;
import io.edgeobs.simulator.Profile;
import io.edgeobs.simulator.Stats;
import io.edgeobs.testsupport.DataDirs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system with real processes and real infrastructure: simulated devices speak the agent protocol to the
 * packaged gateway, which forwards through the embedded Kafka to the packaged ingest service into embedded
 * PostgreSQL; the packaged query service answers over REST and the Jaeger API. What is stored matches what the
 * simulator produced exactly, per signal; a trace comes back whole by id; a log is found by a word of its message.
 */
class EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Path home;
    private static Stack stack;
    private static StackOptions options;
    private static final Stats produced = new Stats();

    @BeforeAll
    static void startTheStackAndRunAFleet() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        for (String s : Stack.SERVICE_PORTS.keySet()) {
            if (!Files.isRegularFile(root.resolve(s).resolve("target/quarkus-app/quarkus-run.jar"))) {
                throw new IllegalStateException(s + " is not packaged: run ./mvnw verify from the repository root "
                        + "(or ./mvnw package -DskipTests first)");
            }
        }
        home = DataDirs.temporary("e2e-");
        options = StackOptions.parse(List.of("--home", home.toString(), "--root", root.toString(),
                "--kafka-port", Integer.toString(StackChecks.freePort()), "--postgres-port", Integer.toString(StackChecks.freePort()),
                "--port-offset", Integer.toString(StackChecks.freeOffset()), "--agents", "1", "--devices", "0"));
        stack = Stack.start(options);

        // 5 devices, each 600 points, 12 traces and 12 logs a minute, exporting every second, for 15 s
        StackChecks.runFleet(stack, options, new Fleet.Settings(5, Profile.parse("points=600,traces=12,logs=12,every=1s"),
                "e2e", "sim-rpi4", 3, 16L << 20, 2, List.of()), Duration.ofSeconds(15), produced);
        assertThat(produced.dropped(Signal.METRICS) + produced.rejected(Signal.METRICS)).isZero();
    }

    @AfterAll
    static void stop() {
        StackChecks.stopAndDelete(stack, home);
    }

    @Test
    void shouldStoreExactlyWhatTheDevicesProducedAndAnswerItOverTheQueryAndJaegerApis() throws Exception {
        // Then PostgreSQL holds every record once (the ingest service catches up within a minute)
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Map<Signal, Long> stored = StackChecks.stored(stack, "e2e");
        while (System.nanoTime() < deadline && !matches(stored)) {
            Thread.sleep(500);
            stored = StackChecks.stored(stack, "e2e");
        }
        for (Signal s : Signal.values()) {
            assertThat(stored.get(s)).as("%s stored (simulator: %s)%s", s, produced.toJson(Map.of()), StackChecks.logTails(stack))
                    .isEqualTo(produced.produced(s)).isPositive();
        }
        try (Connection c = StackChecks.db(stack); Statement st = c.createStatement()) {
            assertThat(StackChecks.one(st, "SELECT count(*) - count(DISTINCT (p.series_id, p.ts)) FROM metric_points p "
                    + "JOIN series s ON s.id = p.series_id WHERE s.tenant = 'local' AND s.device_id LIKE 'e2e-%'")).isZero();
            assertThat(StackChecks.one(st, "SELECT count(DISTINCT device_id) FROM devices WHERE tenant = 'local' AND device_id LIKE 'e2e-%'"))
                    .isEqualTo(5);
        }

        // And a trace comes back whole through the Jaeger API, with every span the device sent
        String traceId;
        long spansOfTrace;
        try (Connection c = StackChecks.db(stack); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT encode(trace_id, 'hex'), count(*) FROM spans WHERE tenant = 'local' "
                     + "AND device_id LIKE 'e2e-%' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1")) {
            rs.next();
            traceId = rs.getString(1);
            spansOfTrace = rs.getLong(2);
        }
        JsonNode trace = get("/api/traces/" + traceId);
        assertThat(trace.path("data").get(0).path("traceID").asText()).isEqualTo(traceId);
        assertThat(trace.path("data").get(0).path("spans")).hasSize((int) spansOfTrace);

        // And a log is found by a word of its message through the REST API
        String message;
        try (Connection c = StackChecks.db(stack); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT message FROM logs WHERE tenant = 'local' AND device_id = 'e2e-2' "
                     + "ORDER BY ts DESC LIMIT 1")) {
            rs.next();
            message = rs.getString(1);
        }
        String word = message.split(" ")[1];
        JsonNode logs = get("/api/v1/logs?q=" + URLEncoder.encode(word, StandardCharsets.UTF_8) + "&device=e2e-2&from="
                + Instant.now().minus(Duration.ofHours(1)) + "&limit=1000");
        assertThat(logs.path("logs").findValuesAsText("message")).contains(message);

        // And the metrics API counts the points of one series as stored
        JsonNode series = get("/api/v1/metrics/query?name=node_load1&device=e2e-0&agg=count&step=1h&from="
                + Instant.now().minus(Duration.ofHours(1)) + "&to=" + Instant.now().plus(Duration.ofMinutes(5)) + "&source=raw");
        long counted = 0;
        for (JsonNode p : series.path("series").get(0).path("points")) {
            counted += p.get(1).asLong();
        }
        try (Connection c = StackChecks.db(stack); Statement st = c.createStatement()) {
            assertThat(counted).isEqualTo(StackChecks.one(st, "SELECT count(*) FROM metric_points p JOIN series s ON s.id = p.series_id "
                    + "WHERE s.tenant = 'local' AND s.device_id = 'e2e-0' AND s.name = 'node_load1'")).isPositive();
        }
    }

    @Test
    void shouldObserveItselfWithoutTracingItsOwnIngestion() throws Exception {
        // Given requests of the test's own to the query service, each a server span of edgeobs-query
        get("/api/v1/fleet/devices");
        get("/api/services");

        // Then the Jaeger API finds them as traces of edgeobs-query (exported over OTLP to the gateway, like any app's)
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(get("/api/traces?service=edgeobs-query&lookback=1h&limit=50").path("data")
                        .findValuesAsText("operationName")).anyMatch(op -> op.contains("/api/v1/fleet/devices")));
        // filed under the device edgeobs-local, which the fleet view lists
        try (Connection c = StackChecks.db(stack); Statement st = c.createStatement()) {
            assertThat(StackChecks.one(st, "SELECT count(*) FROM spans WHERE tenant = 'local' AND device_id = '"
                    + LocalStack.SELF_SOURCE + "' AND service = 'edgeobs-query'")).isPositive();
        }
        assertThat(get("/api/v1/fleet/devices?limit=1000").path("devices").findValuesAsText("deviceId"))
                .contains(LocalStack.SELF_SOURCE);

        // And the gateway traced its admin API (the stack issued the agent's device token through it)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(textValues(get("/api/services/edgeobs-gateway/operations").path("data")))
                        .anyMatch(op -> op.contains("/admin/tokens")));

        // And a meter of the gateway, scraped from its /q/metrics by the agent, is in the metrics API with the value
        // the gateway shows
        double budget = gatewayMeter("edgeobs_gateway_log_budget_bytes{signal=\"metrics\"");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode series = get("/api/v1/metrics/query?name=edgeobs_gateway_log_budget_bytes&tag.job=edgeobs-gateway"
                    + "&tag.signal=metrics&tag.source=" + LocalStack.SELF_SOURCE + "&agg=last&step=1h&source=raw&from="
                    + Instant.now().minus(Duration.ofHours(1)) + "&to=" + Instant.now().plus(Duration.ofMinutes(5)))
                    .path("series");
            assertThat(series).isNotEmpty();
            JsonNode points = series.get(0).path("points");
            assertThat(points.get(points.size() - 1).get(1).asDouble()).isEqualTo(budget).isPositive();
        });

        // And no service traced the gateway's ingestion endpoints, though both carried data by now (the query
        // service's spans came in on /v1/traces, the agent's scrape on /v1/batches): no feedback loop
        try (Connection c = StackChecks.db(stack); Statement st = c.createStatement()) {
            String ingestion = "('/v1/traces', '/v1/metrics', '/v1/logs', '/v1/batches', '/api/v1/write')";
            assertThat(StackChecks.one(st, "SELECT count(*) FROM spans WHERE service = 'edgeobs-gateway' AND "
                    + "(tags->>'url.path' IN " + ingestion + " OR tags->>'http.route' IN " + ingestion
                    + " OR split_part(operation, ' ', 2) IN " + ingestion + ")"))
                    .as("gateway spans of ingestion endpoints; its operations: %s", gatewayOperations(st)).isZero();
            assertThat(StackChecks.one(st, "SELECT count(*) FROM spans WHERE service = 'edgeobs-gateway'")).isPositive();
        }
    }

    private static String gatewayOperations(Statement st) throws java.sql.SQLException {
        try (ResultSet rs = st.executeQuery("SELECT string_agg(DISTINCT operation || ' ' || coalesce(tags->>'url.path', ''),"
                + " '; ') FROM spans WHERE service = 'edgeobs-gateway'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> textValues(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }

    /** A value of the gateway's own Prometheus endpoint, by the start of its line. */
    private static double gatewayMeter(String lineStart) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gateway().orElseThrow().spec().baseUrl()
                + "/q/metrics")).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> l.startsWith(lineStart)).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no " + lineStart + " in the gateway's /q/metrics"));
    }

    private static boolean matches(Map<Signal, Long> stored) {
        for (Signal s : Signal.values()) {
            if (stored.get(s) != produced.produced(s)) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode get(String path) throws Exception {
        String base = "http://127.0.0.1:" + LocalStack.port(options, "query-service");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("X-API-Key", Secrets.queryAdminKey(options)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}

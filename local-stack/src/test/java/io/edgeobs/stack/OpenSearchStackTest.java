package io.edgeobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.model.Signal;
import io.edgeobs.simulator.Fleet;
import io.edgeobs.simulator.Profile;
import io.edgeobs.simulator.Stats;
import io.edgeobs.testsupport.DataDirs;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stack with the OpenSearch log sink ({@code --sinks postgresql,opensearch}): the packaged ingest service writes
 * the simulated devices' logs to the embedded OpenSearch as well as PostgreSQL, and the packaged query service
 * answers log searches from OpenSearch. OpenSearch holds exactly the logs the simulator produced, and a log is
 * found by a word of its message in an answer that names OpenSearch as its backend.
 */
class OpenSearchStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PREFIX = "os";
    private static Path home;
    private static Stack stack;
    private static StackOptions options;
    private static final Stats produced = new Stats();

    @BeforeAll
    static void startTheStackWithOpenSearchAndRunAFleet() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        for (String s : List.of("schema-registry", "edge-gateway", "ingest-service", "query-service")) {
            if (!Files.isRegularFile(root.resolve(s).resolve("target/quarkus-app/quarkus-run.jar"))) {
                throw new IllegalStateException(s + " is not packaged: run ./mvnw verify from the repository root "
                        + "(or ./mvnw package -DskipTests first)");
            }
        }
        home = DataDirs.temporary("os-stack-");
        options = StackOptions.parse(List.of("--home", home.toString(), "--root", root.toString(),
                "--kafka-port", Integer.toString(StackChecks.freePort()), "--postgres-port", Integer.toString(StackChecks.freePort()),
                "--opensearch-port", Integer.toString(StackChecks.freePort()), "--sinks", "postgresql,opensearch",
                "--port-offset", Integer.toString(StackChecks.freeOffset()), "--skip", "edge-agent", "--devices", "0"));
        stack = Stack.start(options);

        // 3 devices, each 60 points, 6 traces and 60 logs a minute, exporting every second, for 10 s
        StackChecks.runFleet(stack, options, new Fleet.Settings(3, Profile.parse("points=60,traces=6,logs=60,every=1s"),
                PREFIX, "sim-rpi4", 5, 16L << 20, 2, List.of()), Duration.ofSeconds(10), produced);
        assertThat(produced.dropped(Signal.LOGS) + produced.rejected(Signal.LOGS)).isZero();
        assertThat(produced.produced(Signal.LOGS)).isPositive();
    }

    @AfterAll
    static void stop() {
        StackChecks.stopAndDelete(stack, home);
    }

    @Test
    void shouldIndexEveryLogInOpenSearchAndSearchLogsThere() throws Exception {
        // Then OpenSearch holds every log the devices produced, once, as PostgreSQL does
        long expected = produced.produced(Signal.LOGS);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(openSearchCount(null)).as("logs in OpenSearch (simulator: %s)", produced.toJson(Map.of()))
                        .isEqualTo(expected);
                assertThat(StackChecks.stored(stack, PREFIX).get(Signal.LOGS)).as("logs in PostgreSQL").isEqualTo(expected);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + StackChecks.logTails(stack), e);
        }

        // And a device's latest log is found by a word of its message, in an answer from OpenSearch
        String message;
        try (Connection c = StackChecks.db(stack); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT message FROM logs WHERE tenant = 'local' AND device_id = 'os-1' "
                     + "ORDER BY ts DESC LIMIT 1")) {
            assertThat(rs.next()).isTrue();
            message = rs.getString(1);
        }
        String word = message.split(" ")[1];
        String range = "&from=" + Instant.now().minus(Duration.ofHours(1)) + "&to=" + Instant.now().plus(Duration.ofMinutes(5));
        JsonNode found = get("/api/v1/logs?q=" + URLEncoder.encode(word, StandardCharsets.UTF_8) + "&device=os-1" + range
                + "&limit=1000");
        assertThat(found.path("backend").asText()).isEqualTo("opensearch");
        assertThat(found.path("logs").findValuesAsText("message")).contains(message);

        // And the API's page of all of that device's logs is what OpenSearch holds for it
        JsonNode all = get("/api/v1/logs?device=os-1" + range + "&limit=1000");
        assertThat(all.path("backend").asText()).isEqualTo("opensearch");
        assertThat(all.path("nextCursor").isNull() || all.path("nextCursor").isMissingNode()).isTrue();
        assertThat((long) all.path("logs").size()).isEqualTo(openSearchCount("os-1")).isPositive();

        // And the stack says where OpenSearch is and that logs go there
        assertThat(stack.endpoints()).containsEntry("opensearch", "http://127.0.0.1:" + options.openSearchPort())
                .containsEntry(Stack.LOG_SINKS, "postgresql,opensearch (logs searched in opensearch)");
    }

    /** Logs in the tenant's data stream, of all the test's devices or of one; 0 while the stream does not exist. */
    private static long openSearchCount(String device) throws Exception {
        String query = device == null
                ? "{\"query\":{\"prefix\":{\"device_id\":\"" + PREFIX + "-\"}}}"
                : "{\"query\":{\"term\":{\"device_id\":\"" + device + "\"}}}";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(stack.infra.openSearchUrl()
                        + "/logs-edgeobs-local/_count?ignore_unavailable=true&allow_no_indices=true"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(query)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("_count: %s", r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("count").asLong();
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

package io.edgeobs.query.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.query.config.QueryConfig;
import io.edgeobs.query.testing.TestData;
import io.edgeobs.query.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenSearch backend against a real OpenSearch holding documents as the ingest service writes them, and the
 * same records in PostgreSQL: every search answers what the PostgreSQL backend answers.
 */
@QuarkusTest
@TestProfile(OpenSearchLogsProfile.class)
class OpenSearchLogsTest {

    @Inject
    DataSource db;
    @Inject
    PostgresLogStore postgres;
    @Inject
    QueryConfig config;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "edgeobs.opensearch.url")
    String openSearchUrl;

    TestData data;
    IngestLikeOpenSearch os;
    Instant t0;
    String deviceA;
    String deviceB;
    String word;

    @BeforeEach
    void setUp() throws Exception {
        data = new TestData(db);
        os = new IngestLikeOpenSearch(openSearchUrl, json);
        os.putTemplate();
        t0 = LogsApiTest.randomHour();
        deviceA = TestData.unique("pump-dev");
        deviceB = TestData.unique("valve-dev");
        word = TestData.unique("zebra").toLowerCase();
    }

    /** The record in PostgreSQL and in the tenant's data stream. */
    void both(String tenant, String device, Instant ts, int level, String message, String fields, String trace)
            throws Exception {
        data.log(tenant, device, ts, level, message, fields, trace);
        os.log(OpenSearchLogStore.stream(tenant), tenant, device, ts, level, message, fields, trace);
    }

    void fiveRecords() throws Exception {
        both("acme", deviceA, t0.plusSeconds(1), 3, "pump started ok " + word, "{\"unit\":\"pump-3\",\"status\":200}", LogsApiTest.TRACE_X);
        both("acme", deviceA, t0.plusSeconds(2), 4, "pump pressure high", "{\"unit\":\"pump-3\",\"labels\":{\"env\":\"prod\"}}", null);
        both("acme", deviceB, t0.plusSeconds(3), 5, "valve stuck at 40 percent", "{\"unit\":\"valve-1\",\"status\":500}", LogsApiTest.TRACE_Y);
        both("acme", deviceB, t0.plusSeconds(4), 2, "valve heartbeat", "{}", null);
        both("acme", deviceA, t0.plusSeconds(5), 6, "pump motor failure", "{\"unit\":\"pump-3\",\"status\":\"500\"}", null);
        both("globex", TestData.unique("globex-dev"), t0.plusSeconds(2), 5, "pump pressure high valve stuck " + word,
                "{\"unit\":\"pump-3\"}", null);
        // a document of globex in acme's stream: only the tenant term keeps it out of acme's answers
        os.log(OpenSearchLogStore.stream("acme"), "globex", deviceA, t0.plusSeconds(3), 5, "misfiled pump " + word,
                "{\"unit\":\"pump-3\"}", null);
        os.flush();
    }

    Map<String, String> params(Map<String, String> filters) {
        Map<String, String> p = new LinkedHashMap<>(filters);
        p.putIfAbsent("from", t0.toString());
        p.putIfAbsent("to", t0.plus(Duration.ofMinutes(10)).toString());
        return p;
    }

    JsonNode viaOpenSearch(String key, Map<String, String> filters) throws Exception {
        String body = given().header("X-API-Key", key).queryParams(params(filters)).when().get("/api/v1/logs").then()
                .statusCode(200).extract().asString();
        JsonNode page = json.readTree(body);
        assertThat(page.path("backend").asText()).isEqualTo("opensearch");
        return page;
    }

    JsonNode viaPostgres(String tenant, Map<String, String> filters) {
        Map<String, List<String>> p = new HashMap<>();
        params(filters).forEach((k, v) -> p.put(k, List.of(v)));
        return json.valueToTree(postgres.search(LogQuery.parse(tenant, p, Instant.now(), config, PostgresLogStore.NAME)));
    }

    List<String> messages(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("logs").forEach(l -> out.add(l.path("message").asText()));
        return out;
    }

    @Test
    void shouldAnswerEverySearchAsPostgresDoes() throws Exception {
        // Given
        fiveRecords();
        List<Map<String, String>> searches = List.of(Map.of(), Map.of("level", "warn"), Map.of("level", "warn,error"),
                Map.of("device", deviceB), Map.of("q", "pump"), Map.of("q", "Pressure PUMP"),
                Map.of("fields.unit", "pump-3"), Map.of("fields.status", "500"), Map.of("fields.labels.env", "prod"),
                Map.of("traceId", LogsApiTest.TRACE_X), Map.of("q", word),
                Map.of("q", "pump", "level", "warn", "fields.unit", "pump-3", "device", deviceA),
                Map.of("from", t0.plusSeconds(2).toString(), "to", t0.plusSeconds(5).toString()));

        for (Map<String, String> s : searches) {
            // When
            JsonNode fromOpenSearch = viaOpenSearch(TestKeys.ACME_VIEWER, s);
            JsonNode fromPostgres = viaPostgres("acme", s);

            // Then
            assertThat(fromOpenSearch.path("logs")).as("search %s", s).isEqualTo(fromPostgres.path("logs"));
        }
        assertThat(messages(viaOpenSearch(TestKeys.ACME_VIEWER, Map.of()))).containsExactly("pump motor failure",
                "valve heartbeat", "valve stuck at 40 percent", "pump pressure high", "pump started ok " + word);
        assertThat(messages(viaOpenSearch(TestKeys.ACME_VIEWER, Map.of("fields.status", "500"))))
                .containsExactly("pump motor failure", "valve stuck at 40 percent");
        assertThat(messages(viaOpenSearch(TestKeys.ACME_VIEWER, Map.of("fields.labels.env", "prod"))))
                .containsExactly("pump pressure high");
    }

    @Test
    void shouldKeepTenantsApart() throws Exception {
        fiveRecords();
        assertThat(messages(viaOpenSearch(TestKeys.GLOBEX_VIEWER, Map.of("q", word))))
                .containsExactly("pump pressure high valve stuck " + word);
        assertThat(messages(viaOpenSearch(TestKeys.ACME_VIEWER, Map.of("q", word))))
                .containsExactly("pump started ok " + word);
        assertThat(messages(viaOpenSearch(TestKeys.GLOBEX_VIEWER, Map.of("device", deviceA)))).isEmpty();
        assertThat(messages(viaOpenSearch(TestKeys.GLOBEX_VIEWER, Map.of("fields.unit", "valve-1")))).isEmpty();
        assertThat(messages(viaOpenSearch(TestKeys.ACME_VIEWER, Map.of("q", "misfiled")))).isEmpty();
    }

    @Test
    void shouldPageOverEqualTimestampsAsPostgresDoes() throws Exception {
        // Given 25 records, 20 of them at one instant, 3 identical
        Instant same = t0.plusSeconds(10);
        for (int i = 0; i < 20; i++) {
            String device = i < 3 || i % 2 == 0 ? deviceA : deviceB;
            both("acme", device, same, 3, i < 3 ? "duplicate record" : "record " + i, i < 3 ? "{}" : "{\"i\":" + i + "}", null);
        }
        for (int i = 20; i < 25; i++) {
            both("acme", deviceB, same.plusMillis(i), 4, "record " + i, "{}", null);
        }
        os.flush();

        // When paged by 10
        List<JsonNode> paged = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, String> p = new HashMap<>(Map.of("limit", "10"));
            if (cursor != null) {
                p.put("cursor", cursor);
            }
            JsonNode page = viaOpenSearch(TestKeys.ACME_VIEWER, p);
            page.path("logs").forEach(paged::add);
            sizes.add(page.path("logs").size());
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null && sizes.size() < 10);

        // Then no record skipped or repeated, and the same records in the same (time, device) order as PostgreSQL
        List<JsonNode> all = new ArrayList<>();
        viaOpenSearch(TestKeys.ACME_VIEWER, Map.of("limit", "1000")).path("logs").forEach(all::add);
        List<JsonNode> fromPostgres = new ArrayList<>();
        viaPostgres("acme", Map.of("limit", "1000")).path("logs").forEach(fromPostgres::add);
        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(paged).isEqualTo(all).hasSize(25);
        assertThat(paged).containsExactlyInAnyOrderElementsOf(fromPostgres);
        assertThat(paged.stream().map(l -> l.path("tsUnixNano").asLong() + "/" + l.path("deviceId").asText()).toList())
                .isEqualTo(fromPostgres.stream().map(l -> l.path("tsUnixNano").asLong() + "/" + l.path("deviceId").asText())
                        .toList());
        given().header("X-API-Key", TestKeys.ACME_VIEWER).queryParams(params(Map.of("cursor",
                        viaPostgres("acme", Map.of("limit", "5")).path("nextCursor").asText())))
                .when().get("/api/v1/logs").then().statusCode(400)
                .body("parameter", org.hamcrest.Matchers.equalTo("cursor"));
    }

    @Test
    void shouldAnswerEmptyForATenantWithoutADataStreamYet() throws Exception {
        // Given globex has no data stream (yet)
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(openSearchUrl + "/_data_stream/" + OpenSearchLogStore.stream("globex"))).DELETE()
                .build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        String device = TestData.unique("globex-dev");
        data.device("globex", device, "fleet-g", Instant.now(), "1.4.0", 1.0, 100.0, 0.0, 0.0);

        // When / Then: empty answers, not errors
        JsonNode page = viaOpenSearch(TestKeys.GLOBEX_VIEWER, Map.of());
        assertThat(page.path("logs").size()).isZero();
        assertThat(page.path("nextCursor").isNull()).isTrue();
        given().header("X-API-Key", TestKeys.GLOBEX_VIEWER).when().get("/api/v1/fleet/devices/" + device).then()
                .statusCode(200).body("summary.logsLastHour", org.hamcrest.Matchers.equalTo(0))
                .body("summary.lastLogAt", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void shouldCountADevicesLogsInOpenSearchForTheFleetSummary() throws Exception {
        // Given
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String device = TestData.unique("os-dev");
        data.device("acme", device, "fleet-a", now, "1.4.0", 1.0, 100.0, 0.0, 0.0);
        os.log(OpenSearchLogStore.stream("acme"), "acme", device, now.minusSeconds(30), 3, "fine", "{}", null)
                .log(OpenSearchLogStore.stream("acme"), "acme", device, now.minusSeconds(20), 5, "broken", "{}", null)
                .log(OpenSearchLogStore.stream("acme"), "acme", device, now.minus(Duration.ofHours(2)), 6, "old", "{}", null)
                .log(OpenSearchLogStore.stream("acme"), "globex", device, now.minusSeconds(10), 6, "misfiled", "{}", null);
        os.flush();

        // When / Then
        given().header("X-API-Key", TestKeys.ACME_VIEWER).when().get("/api/v1/fleet/devices/" + device).then()
                .statusCode(200).body("summary.logsLastHour", org.hamcrest.Matchers.equalTo(2))
                .body("summary.errorLogsLastHour", org.hamcrest.Matchers.equalTo(1))
                .body("summary.lastLogAt", org.hamcrest.Matchers.equalTo(now.minusSeconds(20).toString()));
    }
}

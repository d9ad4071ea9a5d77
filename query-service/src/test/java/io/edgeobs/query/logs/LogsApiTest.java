package io.edgeobs.query.logs;

import io.edgeobs.query.testing.QueryTestProfile;
import io.edgeobs.query.testing.TestData;
import io.edgeobs.query.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(QueryTestProfile.class)
class LogsApiTest {

    static final String TRACE_X = "0af7651916cd43dd8448eb211c80319c";
    static final String TRACE_Y = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Inject
    DataSource db;

    TestData data;
    Instant t0;
    String deviceA;
    String deviceB;
    String word;

    @BeforeEach
    void setUp() {
        data = new TestData(db);
        t0 = randomHour();
        deviceA = TestData.unique("pump-dev");
        deviceB = TestData.unique("valve-dev");
        word = TestData.unique("zebra").toLowerCase();
    }

    /** An hour no other test writes logs in, with a microsecond part to check the timestamp format. */
    static Instant randomHour() {
        return Instant.parse("2020-01-01T00:00:00Z").plus(Duration.ofHours(ThreadLocalRandom.current().nextInt(40_000)))
                .plusNanos(123_456_000);
    }

    /** The five acme records and one of globex that most tests search. */
    void fiveRecords() {
        data.log("acme", deviceA, t0.plusSeconds(1), 3, "pump started ok " + word, "{\"unit\":\"pump-3\",\"status\":200}", TRACE_X);
        data.log("acme", deviceA, t0.plusSeconds(2), 4, "pump pressure high", "{\"unit\":\"pump-3\",\"labels\":{\"env\":\"prod\"}}", null);
        data.log("acme", deviceB, t0.plusSeconds(3), 5, "valve stuck at 40 percent", "{\"unit\":\"valve-1\",\"status\":500}", TRACE_Y);
        data.log("acme", deviceB, t0.plusSeconds(4), 2, "valve heartbeat", "{}", null);
        data.log("acme", deviceA, t0.plusSeconds(5), 6, "pump motor failure", "{\"unit\":\"pump-3\",\"status\":\"500\"}", null);
        data.log("globex", TestData.unique("globex-dev"), t0.plusSeconds(2), 5, "pump pressure high valve stuck " + word,
                "{\"unit\":\"pump-3\"}", null);
    }

    JsonPath search(String key, Map<String, ?> params) {
        return given().header("X-API-Key", key).queryParams(params).queryParam("from", t0.toString())
                .queryParam("to", t0.plus(Duration.ofMinutes(10)).toString())
                .when().get("/api/v1/logs").then().statusCode(200).extract().jsonPath();
    }

    List<String> messages(Map<String, ?> params) {
        return search(TestKeys.ACME_VIEWER, params).getList("logs.message");
    }

    @Test
    void shouldReturnTheTenantsLogsNewestFirstWithEveryAttribute() {
        // Given
        fiveRecords();

        // When
        JsonPath page = search(TestKeys.ACME_VIEWER, Map.of());

        // Then
        assertThat(page.getList("logs.message", String.class)).containsExactly("pump motor failure", "valve heartbeat",
                "valve stuck at 40 percent", "pump pressure high", "pump started ok " + word);
        assertThat(page.getString("backend")).isEqualTo("postgresql");
        assertThat(page.getString("nextCursor")).isNull();
        Map<String, Object> third = page.getMap("logs[2]");
        Instant ts = t0.plusSeconds(3);
        assertThat(third.get("ts")).isEqualTo(ts.toString().replace(".123456Z", ".123456000Z"));
        assertThat(page.getLong("logs[2].tsUnixNano")).isEqualTo(ts.getEpochSecond() * 1_000_000_000L + 123_456_000L);
        assertThat(third.get("deviceId")).isEqualTo(deviceB);
        assertThat(third.get("level")).isEqualTo("error");
        assertThat(third.get("fields")).isEqualTo(Map.of("unit", "valve-1", "status", 500));
        assertThat(third.get("traceId")).isEqualTo(TRACE_Y);
        assertThat(third).containsEntry("spanId", null);
        assertThat(page.getMap("logs[1].fields")).isEmpty();
    }

    @Test
    void shouldFilterByEachParameterAlone() {
        fiveRecords();
        assertThat(messages(Map.of("level", "warn"))).containsExactly("pump motor failure", "valve stuck at 40 percent",
                "pump pressure high");
        assertThat(messages(Map.of("level", "warn,error"))).containsExactly("valve stuck at 40 percent",
                "pump pressure high");
        assertThat(messages(Map.of("level", "debug,fatal"))).containsExactly("pump motor failure", "valve heartbeat");
        assertThat(messages(Map.of("device", deviceB))).containsExactly("valve heartbeat", "valve stuck at 40 percent");
        assertThat(messages(Map.of("q", "pump"))).containsExactly("pump motor failure", "pump pressure high",
                "pump started ok " + word);
        assertThat(messages(Map.of("q", "Pressure PUMP"))).containsExactly("pump pressure high");
        assertThat(messages(Map.of("fields.unit", "pump-3"))).containsExactly("pump motor failure",
                "pump pressure high", "pump started ok " + word);
        assertThat(messages(Map.of("fields.status", "500"))).as("number and string values")
                .containsExactly("pump motor failure", "valve stuck at 40 percent");
        assertThat(messages(Map.of("fields.labels.env", "prod"))).as("nested path").containsExactly("pump pressure high");
        assertThat(messages(Map.of("traceId", TRACE_X.toUpperCase()))).containsExactly("pump started ok " + word);
        JsonPath window = given().header("X-API-Key", TestKeys.ACME_VIEWER).queryParam("device", deviceA)
                .queryParam("from", t0.plusSeconds(2).toString()).queryParam("to", t0.plusSeconds(5).toString())
                .when().get("/api/v1/logs").then().statusCode(200).extract().jsonPath();
        assertThat(window.getList("logs.message", String.class)).as("from inclusive, to exclusive")
                .containsExactly("pump pressure high");
    }

    @Test
    void shouldCombineFilters() {
        fiveRecords();
        assertThat(messages(Map.of("q", "pump", "level", "warn", "fields.unit", "pump-3", "device", deviceA)))
                .containsExactly("pump motor failure", "pump pressure high");
        assertThat(messages(Map.of("q", "valve", "fields.status", "500", "traceId", TRACE_Y, "level", "error")))
                .containsExactly("valve stuck at 40 percent");
        assertThat(messages(Map.of("q", "valve", "device", deviceA))).isEmpty();
        given().header("X-API-Key", TestKeys.ACME_VIEWER).queryParam("fields.unit", "pump-3")
                .queryParam("fields.status", "200").queryParam("from", t0.toString())
                .queryParam("to", t0.plusSeconds(60).toString()).when().get("/api/v1/logs").then().statusCode(200)
                .body("logs.message", equalTo(List.of("pump started ok " + word)));
    }

    @Test
    void shouldPageThroughEqualTimestampsAndDuplicatesWithoutSkipsOrRepeats() {
        // Given 25 records: 20 at one instant over two devices, 3 of them identical, and 5 later ones
        Instant same = t0.plusSeconds(10);
        List<String> inserted = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String device = i % 2 == 0 ? deviceA : deviceB;
            String message = i < 3 ? "duplicate record" : "record " + i;
            data.log("acme", i < 3 ? deviceA : device, same, 3, message, i < 3 ? "{}" : "{\"i\":" + i + "}", null);
            inserted.add(message);
        }
        for (int i = 20; i < 25; i++) {
            data.log("acme", deviceB, same.plusMillis(i), 4, "record " + i, "{}", null);
            inserted.add("record " + i);
        }

        // When paged by 10
        List<Map<String, Object>> paged = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().header("X-API-Key", TestKeys.ACME_VIEWER).queryParam("limit", 10)
                    .queryParam("from", t0.toString()).queryParam("to", t0.plusSeconds(60).toString());
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/v1/logs").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> logs = page.getList("logs");
            paged.addAll(logs);
            sizes.add(logs.size());
            cursor = page.getString("nextCursor");
        } while (cursor != null && sizes.size() < 10);

        // Then the pages hold exactly what one big page holds, in the same order
        List<Map<String, Object>> all = search(TestKeys.ACME_VIEWER, Map.of("limit", 1000)).getList("logs");
        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(paged).hasSize(25).isEqualTo(all);
        assertThat(paged.stream().map(m -> (String) m.get("message")).toList())
                .containsExactlyInAnyOrderElementsOf(inserted);
        assertThat(paged.subList(0, 5)).extracting(m -> m.get("message"))
                .containsExactly("record 24", "record 23", "record 22", "record 21", "record 20");
        Set<Long> times = new HashSet<>();
        paged.subList(5, 25).forEach(m -> times.add(((Number) m.get("tsUnixNano")).longValue()));
        assertThat(times).hasSize(1);
    }

    @Test
    void shouldPageExactlyAtAGroupOfIdenticalRecords() {
        // Given 5 identical records: every page boundary falls inside the group
        for (int i = 0; i < 5; i++) {
            data.log("acme", deviceA, t0.plusSeconds(1), 3, "same", "{}", null);
        }
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().header("X-API-Key", TestKeys.ACME_VIEWER).queryParam("limit", 2)
                    .queryParam("device", deviceA).queryParam("from", t0.toString())
                    .queryParam("to", t0.plusSeconds(60).toString());
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/v1/logs").then().statusCode(200).extract().jsonPath();
            sizes.add(page.getList("logs").size());
            cursor = page.getString("nextCursor");
        } while (cursor != null && sizes.size() < 10);
        assertThat(sizes).containsExactly(2, 2, 1);
    }

    @Test
    void shouldRefuseBadParametersNamingThem() {
        bad(Map.of("level", "loud"), "level", "unknown level 'loud'");
        bad(Map.of("level", "warn,shout"), "level", "unknown level 'shout'");
        bad(Map.of("cursor", "not-a-cursor"), "cursor", "not a cursor");
        bad(Map.of("cursor", "bDEKcG9zdGdyZXNxbAp4"), "cursor", "not a cursor");
        bad(Map.of("from", "now-40d"), "from", "longer than");
        bad(Map.of("from", "yesterday"), "from", "not a time");
        bad(Map.of("from", "now-1m", "to", "now-2m"), "from", "must be before to");
        bad(Map.of("limit", "1001"), "limit", "between 1 and 1000");
        bad(Map.of("limit", "0"), "limit", "between 1 and 1000");
        bad(Map.of("limit", "ten"), "limit", "not a number");
        bad(Map.of("traceId", "xyz"), "traceId", "32 hex digits");
        bad(Map.of("fields.", "x"), "fields.", "field name");
        bad(Map.of("q", "x".repeat(501)), "q", "longer than 500");
        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 21; i++) {
            many.put("fields.k" + i, "v");
        }
        bad(many, "fields", "at most 20");
        bad(Map.of("device", List.of("a", "b")), "device", "given 2 times");
    }

    void bad(Map<String, ?> params, String parameter, String detail) {
        given().header("X-API-Key", TestKeys.ACME_VIEWER).queryParams(params).when().get("/api/v1/logs").then()
                .statusCode(400).contentType("application/problem+json").body("parameter", equalTo(parameter))
                .body("detail", containsString(detail));
    }

    @Test
    void shouldNeverShowAnotherTenantsLogsEvenWhenTheirWordsMatch() {
        // Given acme and globex records that share the word
        fiveRecords();

        // When globex searches for words only acme's records and its own have
        JsonPath globex = search(TestKeys.GLOBEX_VIEWER, Map.of("q", word));
        JsonPath byDevice = search(TestKeys.GLOBEX_VIEWER, Map.of("device", deviceA));
        JsonPath byTrace = search(TestKeys.GLOBEX_VIEWER, Map.of("traceId", TRACE_X));
        JsonPath acme = search(TestKeys.ACME_VIEWER, Map.of("q", word));

        // Then each sees only its own
        assertThat(globex.getList("logs.message", String.class)).containsExactly("pump pressure high valve stuck " + word);
        assertThat(byDevice.getList("logs")).isEmpty();
        assertThat(byTrace.getList("logs")).isEmpty();
        assertThat(acme.getList("logs.message", String.class)).containsExactly("pump started ok " + word);
        assertThat(search(TestKeys.GLOBEX_VIEWER, Map.of("fields.unit", "valve-1")).getList("logs")).isEmpty();
        assertThat(search(TestKeys.GLOBEX_VIEWER, Map.of()).getList("logs")).hasSize(1);
    }

    @Test
    void shouldAskForAKey() {
        given().when().get("/api/v1/logs").then().statusCode(401);
    }
}

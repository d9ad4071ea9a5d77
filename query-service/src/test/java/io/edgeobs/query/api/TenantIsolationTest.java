package io.edgeobs.query.api;

import io.edgeobs.query.testing.QueryTestProfile;
import io.edgeobs.query.testing.TestData;
import io.edgeobs.query.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One tenant never sees, counts or infers another's data, across every endpoint family. Acme's rows of every kind
 * are stored under names, ids and words no one else uses; globex's viewer then asks for them by exact name, by id,
 * by wildcard and by full text, and must get nothing: empty lists, zero counts, and for single things the same 404
 * an id that exists nowhere gets. Acme's viewer asking the same questions gets its data, so the checks are live.
 */
@QuarkusTest
@TestProfile(QueryTestProfile.class)
class TenantIsolationTest {

    @Inject
    DataSource db;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private String device;
    private String metric;
    private String word;
    private String service;
    private String traceId;

    @BeforeEach
    void acmesData() {
        TestData t = new TestData(db);
        device = TestData.unique("acmedev");
        metric = TestData.unique("acme_secret_metric");
        word = TestData.unique("acmeword");
        service = TestData.unique("acme-svc");
        traceId = String.format("%032x", System.nanoTime());
        long series = t.series(TestKeys.ACME, device, metric, "gauge", Map.of("site", "plant-7"));
        t.points(series, now.minus(Duration.ofMinutes(10)), Duration.ofMinutes(1), 1, 2, 3, 4, 5);
        t.device(TestKeys.ACME, device, "acme-fleet", now, "0.1.0", 10.0, 100.0, 0.0, 0.0);
        t.log(TestKeys.ACME, device, now.minusSeconds(30), 5, "pump " + word + " failed", "{\"site\": \"plant-7\"}", traceId);
        t.span(TestKeys.ACME, device, traceId, "00000000000000a1", null, service, "GET /secret", "server",
                now.minusSeconds(60), Duration.ofMillis(12), "error", "{\"site\": \"plant-7\"}");
        t.span(TestKeys.ACME, device, traceId, "00000000000000a2", "00000000000000a1", service + "-db", "SELECT",
                "client", now.minusSeconds(59), Duration.ofMillis(3), "ok", "{}");
    }

    private Response as(String key, String path) {
        return given().header("X-API-Key", key).when().get(path);
    }

    private String range() {
        return "from=" + now.minus(Duration.ofHours(1)) + "&to=" + now.plus(Duration.ofMinutes(5));
    }

    @Test
    void shouldGiveAnotherTenantNothingOfMetrics() {
        String q = "/api/v1/metrics/query?name=" + metric + "&step=60s&agg=count&" + range();
        assertThat(as(TestKeys.ACME_VIEWER, q).then().statusCode(200).extract().jsonPath().getList("series")).hasSize(1);

        assertThat(as(TestKeys.GLOBEX_VIEWER, q).then().statusCode(200).extract().jsonPath().getList("series")).isEmpty();
        assertThat(as(TestKeys.GLOBEX_VIEWER, q + "&device=" + device + "&tag.site=plant-7").then().statusCode(200)
                .extract().jsonPath().getList("series")).isEmpty();
        assertThat(as(TestKeys.GLOBEX_VIEWER, "/api/v1/metrics/query?name=" + metric + "&tag.site=~.*&step=60s&" + range())
                .then().statusCode(200).extract().jsonPath().getList("series")).isEmpty();
        assertThat(as(TestKeys.GLOBEX_VIEWER, "/api/v1/metrics/names?match=acme_secret").then().statusCode(200)
                .extract().jsonPath().getList("names")).isEmpty();
        assertThat(as(TestKeys.GLOBEX_VIEWER, "/api/v1/metrics/names").then().statusCode(200).extract().jsonPath()
                .getList("names", String.class)).noneMatch(n -> n.startsWith("acme_secret"));
        Map<String, Object> tags = as(TestKeys.GLOBEX_VIEWER, "/api/v1/metrics/tags?name=" + metric).then().statusCode(200)
                .extract().jsonPath().getMap("tags");
        assertThat(tags == null ? Map.of() : tags).isEmpty();
    }

    @Test
    void shouldGiveAnotherTenantNothingOfLogs() {
        String q = "/api/v1/logs?q=" + word + "&" + range();
        assertThat(as(TestKeys.ACME_VIEWER, q).then().statusCode(200).extract().jsonPath().getList("logs")).hasSize(1);

        assertThat(as(TestKeys.GLOBEX_VIEWER, q).then().statusCode(200).extract().jsonPath().getList("logs")).isEmpty();
        for (String filter : List.of("device=" + device, "traceId=" + traceId, "fields.site=plant-7", "level=error")) {
            assertThat(as(TestKeys.GLOBEX_VIEWER, "/api/v1/logs?" + filter + "&" + range()).then().statusCode(200)
                    .extract().jsonPath().getList("logs.message", String.class)).as(filter)
                    .noneMatch(m -> m.contains(word));
        }
    }

    @Test
    void shouldGiveAnotherTenantNothingOfTheFleet() {
        as(TestKeys.ACME_VIEWER, "/api/v1/fleet/devices/" + device).then().statusCode(200);

        Response other = as(TestKeys.GLOBEX_VIEWER, "/api/v1/fleet/devices/" + device);
        Response nowhere = as(TestKeys.GLOBEX_VIEWER, "/api/v1/fleet/devices/" + TestData.unique("nosuchdevice"));
        assertThat(other.statusCode()).isEqualTo(404).isEqualTo(nowhere.statusCode());
        assertThat(as(TestKeys.GLOBEX_VIEWER, "/api/v1/fleet/devices?fleet=acme-fleet").then().statusCode(200)
                .extract().jsonPath().getList("devices")).isEmpty();
        assertThat(as(TestKeys.GLOBEX_VIEWER, "/api/v1/fleet/devices?limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("devices.deviceId", String.class)).doesNotContain(device);
    }

    @Test
    void shouldGiveAnotherTenantNothingOfTracesThroughTheJaegerApis() {
        as(TestKeys.ACME_VIEWER, "/api/traces/" + traceId).then().statusCode(200);
        assertThat(as(TestKeys.ACME_VIEWER, "/api/services").then().extract().jsonPath().getList("data", String.class))
                .contains(service);

        // by id: the answer an id that exists nowhere gets
        Response other = as(TestKeys.GLOBEX_VIEWER, "/api/traces/" + traceId);
        Response nowhere = as(TestKeys.GLOBEX_VIEWER, "/api/traces/" + String.format("%032x", System.nanoTime() + 1));
        assertThat(other.statusCode()).isEqualTo(404).isEqualTo(nowhere.statusCode());
        assertThat(as(TestKeys.GLOBEX_VIEWER, "/api/traces?traceID=" + traceId).then().extract().jsonPath()
                .getList("data")).isEmpty();
        assertThat(as(TestKeys.GLOBEX_VIEWER, "/api/v3/traces/" + traceId).statusCode()).isEqualTo(404);
        // by name and by search
        assertThat(as(TestKeys.GLOBEX_VIEWER, "/api/services").then().statusCode(200).extract().jsonPath()
                .getList("data", String.class)).doesNotContain(service, service + "-db");
        assertThat(as(TestKeys.GLOBEX_VIEWER, "/api/services/" + service + "/operations").then().statusCode(200)
                .extract().jsonPath().getList("data")).isEmpty();
        assertThat(as(TestKeys.GLOBEX_VIEWER, "/api/traces?service=" + service + "&start="
                + now.minus(Duration.ofHours(1)).toEpochMilli() * 1000 + "&end=" + now.plusSeconds(60).toEpochMilli() * 1000)
                .then().statusCode(200).extract().jsonPath().getList("data")).isEmpty();
        assertThat(as(TestKeys.GLOBEX_VIEWER, "/api/v3/services").then().statusCode(200).extract().jsonPath()
                .getList("services", String.class)).doesNotContain(service);
        assertThat(as(TestKeys.GLOBEX_VIEWER, "/api/dependencies?endTs=" + now.plusSeconds(60).toEpochMilli()
                + "&lookback=3600000").then().statusCode(200).extract().jsonPath().getList("data.parent", String.class))
                .doesNotContain(service);
    }
}

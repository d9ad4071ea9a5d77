package io.edgeobs.query.fleet;

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
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(QueryTestProfile.class)
class FleetApiTest {

    @Inject
    DataSource db;

    TestData data;
    String fleet;
    String ok;
    String degraded;
    String silent;
    String unknown;
    Instant now;

    @BeforeEach
    void setUp() {
        data = new TestData(db);
        fleet = TestData.unique("fleet");
        ok = TestData.unique("d1-ok");
        degraded = TestData.unique("d2-degraded");
        silent = TestData.unique("d3-silent");
        unknown = TestData.unique("d4-unknown");
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** One device of each status in the test's fleet. */
    void fourDevices() {
        data.device("acme", ok, fleet, now.minusSeconds(60), "1.4.0", 10.0, 100.0, 0.0, 5.0);
        data.device("acme", degraded, fleet, now.minusSeconds(60), "1.4.0", 91.0, 100.0, 12.0, 15000.0);
        data.device("acme", silent, fleet, now.minus(Duration.ofMinutes(30)), "1.3.9", 10.0, 100.0, 0.0, 0.0);
        data.device("acme", unknown, fleet, now.minusSeconds(60), "1.4.0", null, null, null, null);
    }

    JsonPath get(String key, String path, Map<String, ?> params) {
        return given().header("X-API-Key", key).queryParams(params).when().get(path).then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void shouldGiveEachDeviceItsStatusWithReasonsAndCountThem() {
        // Given
        fourDevices();

        // When
        JsonPath page = get(TestKeys.ACME_VIEWER, "/api/v1/fleet/devices", Map.of("fleet", fleet));

        // Then: in id order, each with its status and why
        assertThat(page.getList("devices.deviceId", String.class)).containsExactly(ok, degraded, silent, unknown);
        assertThat(page.getList("devices.status", String.class)).containsExactly("ok", "degraded", "silent", "unknown");
        assertThat(page.getList("devices[0].reasons")).isEmpty();
        assertThat(page.getList("devices[1].reasons", String.class)).containsExactly("buffer 91% >= 80%",
                "dropped 12 records since the agent started > 0", "export lag 15000 records > 10000");
        assertThat(page.getList("devices[2].reasons", String.class)).containsExactly("not seen for 30m >= 10m");
        assertThat(page.getList("devices[3].reasons", String.class)).containsExactly("no self-telemetry from the agent yet");
        Map<String, Object> d = page.getMap("devices[1]");
        assertThat(d).containsEntry("fleet", fleet).containsEntry("deviceType", "rpi4").containsEntry("agentVersion", "1.4.0")
                .containsEntry("gatewayId", "gw-1").containsEntry("region", "eu-west")
                .containsEntry("lastSeen", now.minusSeconds(60).toString())
                .containsEntry("firstSeen", now.minusSeconds(60).minus(Duration.ofDays(1)).toString());
        assertThat(page.getDouble("devices[1].bufferUsePercent")).isEqualTo(91.0);
        assertThat(page.getDouble("devices[1].bufferBytes")).isEqualTo(91.0);
        assertThat(page.getDouble("devices[1].bufferBudgetBytes")).isEqualTo(100.0);
        assertThat(page.getDouble("devices[1].droppedRecords")).isEqualTo(12.0);
        assertThat(page.getDouble("devices[1].exportLag")).isEqualTo(15000.0);
        assertThat(page.getMap("devices[3]")).containsEntry("bufferUsePercent", null).containsEntry("selfTelemetryAt", null);
        assertThat(page.getMap("summary")).isEqualTo(Map.of("ok", 1, "degraded", 1, "silent", 1, "unknown", 1, "total", 4));
        assertThat(page.getString("nextCursor")).isNull();
        assertThat(page.getString("thresholds.silentAfter")).isEqualTo("PT10M");
    }

    @Test
    void shouldApplyThresholdsAtTheirBoundariesInSqlAsInTheReasons() {
        // Given devices exactly at and just below the thresholds, and one without a budget
        String atBuffer = TestData.unique("b1-at");
        String below = TestData.unique("b2-below");
        String noBudget = TestData.unique("b3-nobudget");
        data.device("acme", atBuffer, fleet, now.minusSeconds(5), "1.4.0", 80.0, 100.0, 0.0, 10000.0);
        data.device("acme", below, fleet, now.minusSeconds(5), "1.4.0", 79.9, 100.0, 0.0, 10000.0);
        data.device("acme", noBudget, fleet, now.minusSeconds(5), "1.4.0", 500.0, 0.0, 1.0, 0.0);

        // When
        JsonPath all = get(TestKeys.ACME_VIEWER, "/api/v1/fleet/devices", Map.of("fleet", fleet));
        JsonPath okOnes = get(TestKeys.ACME_VIEWER, "/api/v1/fleet/devices", Map.of("fleet", fleet, "status", "ok"));

        // Then: 80% is degraded (>=), a lag of exactly 10000 and no drops are not (>)
        assertThat(all.getList("devices.status", String.class)).containsExactly("degraded", "ok", "degraded");
        assertThat(all.getList("devices[0].reasons", String.class)).containsExactly("buffer 80% >= 80%");
        assertThat(all.getList("devices[2].reasons", String.class))
                .containsExactly("dropped 1 records since the agent started > 0");
        assertThat(all.getMap("devices[2]")).containsEntry("bufferUsePercent", null);
        assertThat(okOnes.getList("devices.deviceId", String.class)).containsExactly(below);
        assertThat(all.getMap("summary")).containsEntry("ok", 1).containsEntry("degraded", 2);
    }

    @Test
    void shouldFilterByStatusAndPage() {
        fourDevices();
        JsonPath degradedOnly = get(TestKeys.ACME_VIEWER, "/api/v1/fleet/devices", Map.of("fleet", fleet, "status", "degraded"));
        assertThat(degradedOnly.getList("devices.deviceId", String.class)).containsExactly(degraded);
        assertThat(degradedOnly.getInt("summary.total")).as("the summary counts the whole fleet").isEqualTo(4);
        JsonPath attention = get(TestKeys.ACME_VIEWER, "/api/v1/fleet/devices",
                Map.of("fleet", fleet, "status", "silent,degraded"));
        assertThat(attention.getList("devices.deviceId", String.class)).containsExactly(degraded, silent);

        JsonPath first = get(TestKeys.ACME_VIEWER, "/api/v1/fleet/devices", Map.of("fleet", fleet, "limit", 3));
        assertThat(first.getList("devices.deviceId", String.class)).containsExactly(ok, degraded, silent);
        JsonPath second = get(TestKeys.ACME_VIEWER, "/api/v1/fleet/devices",
                Map.of("fleet", fleet, "limit", 3, "cursor", first.getString("nextCursor")));
        assertThat(second.getList("devices.deviceId", String.class)).containsExactly(unknown);
        assertThat(second.getString("nextCursor")).isNull();
    }

    @Test
    void shouldSummariseOneDevicesLastHour() {
        // Given two series, logs and spans inside and outside the last hour
        fourDevices();
        data.series("acme", ok, "cpu", "gauge", Map.of());
        data.series("acme", ok, "mem", "gauge", Map.of("kind", "rss"));
        data.log("acme", ok, now.minusSeconds(30), 3, "fine", "{}", null);
        data.log("acme", ok, now.minusSeconds(20), 5, "broken", "{}", null);
        data.log("acme", ok, now.minusSeconds(10), 6, "very broken", "{}", null);
        data.log("acme", ok, now.minus(Duration.ofHours(2)), 5, "old", "{}", null);
        data.log("globex", ok, now.minusSeconds(5), 5, "other tenant's device of the same name", "{}", null);
        data.span("acme", ok, "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, "svc", "op", "server",
                now.minusSeconds(40), Duration.ofMillis(5), "ok", "{}");
        data.span("acme", ok, "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203332", "b7ad6b7169203331", "svc", "op2",
                "client", now.minusSeconds(39), Duration.ofMillis(2), "unset", "{}");
        data.span("acme", ok, "1af7651916cd43dd8448eb211c80319c", "c7ad6b7169203331", null, "svc", "op", "server",
                now.minus(Duration.ofHours(3)), Duration.ofMillis(5), "ok", "{}");

        // When
        JsonPath detail = get(TestKeys.ACME_VIEWER, "/api/v1/fleet/devices/" + ok, Map.of());

        // Then
        assertThat(detail.getString("device.deviceId")).isEqualTo(ok);
        assertThat(detail.getString("device.status")).isEqualTo("ok");
        assertThat(detail.getLong("summary.metricSeries")).isEqualTo(2);
        assertThat(detail.getLong("summary.logsLastHour")).isEqualTo(3);
        assertThat(detail.getLong("summary.errorLogsLastHour")).isEqualTo(2);
        assertThat(detail.getLong("summary.spansLastHour")).isEqualTo(2);
        assertThat(detail.getString("summary.lastLogAt")).isEqualTo(now.minusSeconds(10).toString());
        JsonPath quiet = get(TestKeys.ACME_VIEWER, "/api/v1/fleet/devices/" + silent, Map.of());
        assertThat(quiet.getLong("summary.logsLastHour")).isZero();
        assertThat(quiet.getString("summary.lastLogAt")).isNull();
        assertThat(quiet.getString("device.status")).isEqualTo("silent");
    }

    @Test
    void shouldDeriveGatewaysFromDevices() {
        // Given three devices behind two gateways of this test
        String gwA = TestData.unique("gw-a");
        String gwB = TestData.unique("gw-b");
        device("acme", TestData.unique("g1"), gwA, "eu-west", now.minusSeconds(30), 10.0);
        device("acme", TestData.unique("g2"), gwA, "eu-west", now.minus(Duration.ofHours(1)), 95.0);
        device("acme", TestData.unique("g3"), gwB, "us-east", now.minusSeconds(5), 95.0);

        // When
        List<Map<String, Object>> gateways = get(TestKeys.ACME_VIEWER, "/api/v1/fleet/gateways", Map.of())
                .getList("");

        // Then
        Map<String, Object> a = gateways.stream().filter(g -> gwA.equals(g.get("gatewayId"))).findFirst().orElseThrow();
        Map<String, Object> b = gateways.stream().filter(g -> gwB.equals(g.get("gatewayId"))).findFirst().orElseThrow();
        assertThat(a).containsEntry("region", "eu-west").containsEntry("devices", 2)
                .containsEntry("devicesByStatus", Map.of("ok", 1, "degraded", 0, "silent", 1, "unknown", 0))
                .containsEntry("lastSeen", now.minusSeconds(30).toString());
        assertThat(b).containsEntry("region", "us-east").containsEntry("devices", 1)
                .containsEntry("devicesByStatus", Map.of("ok", 0, "degraded", 1, "silent", 0, "unknown", 0));
        List<Object> globexGateways = get(TestKeys.GLOBEX_VIEWER, "/api/v1/fleet/gateways", Map.of()).getList("gatewayId");
        assertThat(globexGateways).doesNotContain(gwA, gwB);
    }

    void device(String tenant, String id, String gateway, String region, Instant lastSeen, double buffer) {
        data.execute("INSERT INTO devices (tenant, device_id, fleet, device_type, agent_version, resource_tags, "
                        + "gateway_id, region, first_seen, last_seen, buffer_bytes, buffer_budget_bytes, dropped_records, "
                        + "export_lag, self_telemetry_at) VALUES (?, ?, ?, 'rpi4', '1.4.0', '{}'::jsonb, ?, ?, ?, ?, ?, "
                        + "100, 0, 0, ?)",
                tenant, id, fleet, gateway, region, Timestamp.from(lastSeen), Timestamp.from(lastSeen), buffer,
                Timestamp.from(lastSeen));
    }

    @Test
    void shouldNeverShowAnotherTenantsDevices() {
        fourDevices();
        JsonPath globex = get(TestKeys.GLOBEX_VIEWER, "/api/v1/fleet/devices", Map.of("fleet", fleet));
        assertThat(globex.getList("devices")).isEmpty();
        assertThat(globex.getInt("summary.total")).isZero();
        given().header("X-API-Key", TestKeys.GLOBEX_VIEWER).when().get("/api/v1/fleet/devices/" + ok).then()
                .statusCode(404).contentType("application/problem+json");
        given().header("X-API-Key", TestKeys.ACME_VIEWER).when().get("/api/v1/fleet/devices/" + TestData.unique("none"))
                .then().statusCode(404).body("detail", containsString("no device"));
        List<String> all = get(TestKeys.GLOBEX_VIEWER, "/api/v1/fleet/devices", Map.of("limit", 1000))
                .getList("devices.deviceId");
        assertThat(all).doesNotContain(ok, degraded, silent, unknown);
    }

    @Test
    void shouldRefuseBadParametersNamingThem() {
        bad("/api/v1/fleet/devices", Map.of("status", "sick"), "status", "unknown status 'sick'");
        bad("/api/v1/fleet/devices", Map.of("status", "ok,fine"), "status", "unknown status 'fine'");
        bad("/api/v1/fleet/devices", Map.of("limit", "0"), "limit", "between 1 and 1000");
        bad("/api/v1/fleet/devices", Map.of("limit", "1001"), "limit", "between 1 and 1000");
        bad("/api/v1/fleet/devices", Map.of("limit", "many"), "limit", "not a number");
        bad("/api/v1/fleet/devices", Map.of("cursor", "%%%"), "cursor", "not a cursor");
        bad("/api/v1/fleet/gateways", Map.of("limit", "5000"), "limit", "between 1 and 1000");
    }

    @Test
    void shouldDescribeTheEndpointsInOpenApi() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/v1/logs'.get.summary", containsString("Search logs"))
                .body("paths.'/api/v1/fleet/devices'.get.summary", containsString("health status"))
                .body("paths.'/api/v1/fleet/devices/{deviceId}'.get.summary", containsString("404"))
                .body("paths.'/api/v1/fleet/gateways'.get.summary", containsString("Gateways"));
    }

    void bad(String path, Map<String, ?> params, String parameter, String detail) {
        given().header("X-API-Key", TestKeys.ACME_VIEWER).queryParams(params).when().get(path).then().statusCode(400)
                .body("parameter", equalTo(parameter)).body("detail", containsString(detail));
    }
}

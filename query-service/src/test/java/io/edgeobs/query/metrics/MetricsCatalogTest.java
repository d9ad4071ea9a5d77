package io.edgeobs.query.metrics;

import io.edgeobs.query.testing.QueryTestProfile;
import io.edgeobs.query.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

import static io.edgeobs.query.metrics.MetricsApi.as;
import static io.edgeobs.query.testing.TestKeys.ACME;
import static io.edgeobs.query.testing.TestKeys.ACME_VIEWER;
import static io.edgeobs.query.testing.TestKeys.GLOBEX;
import static io.edgeobs.query.testing.TestKeys.GLOBEX_VIEWER;
import static org.hamcrest.Matchers.equalTo;

/** The names and tags endpoints: sorted, by prefix and device, capped, and per tenant. */
@QuarkusTest
@TestProfile(QueryTestProfile.class)
class MetricsCatalogTest {

    @Inject
    DataSource db;

    @Test
    void shouldListNamesSortedByPrefixAndDeviceWithinTheLimit() {
        // Given three metric names under one prefix (one of them on two devices, one only in globex)
        TestData data = new TestData(db);
        String p = TestData.unique("node");
        data.series(ACME, "dev-1", p + "_mem", "gauge", Map.of());
        data.series(ACME, "dev-2", p + "_mem", "gauge", Map.of("x", "1"));
        data.series(ACME, "dev-1", p + "_cpu", "counter", Map.of());
        data.series(ACME, "dev-2", p + "_disk", "gauge", Map.of());
        data.series(GLOBEX, "dev-1", p + "_globex_only", "gauge", Map.of());

        as(ACME_VIEWER, "match", p).when().get("/api/v1/metrics/names").then().statusCode(200)
                .body("names", equalTo(List.of(p + "_cpu", p + "_disk", p + "_mem"))).body("truncated", equalTo(false));
        as(ACME_VIEWER, "match", p, "device", "dev-2").when().get("/api/v1/metrics/names").then().statusCode(200)
                .body("names", equalTo(List.of(p + "_disk", p + "_mem")));
        as(ACME_VIEWER, "match", p, "limit", 2).when().get("/api/v1/metrics/names").then().statusCode(200)
                .body("names", equalTo(List.of(p + "_cpu", p + "_disk"))).body("truncated", equalTo(true));
        as(ACME_VIEWER, "match", p + "_m").when().get("/api/v1/metrics/names").then().statusCode(200)
                .body("names", equalTo(List.of(p + "_mem")));
        as(GLOBEX_VIEWER, "match", p).when().get("/api/v1/metrics/names").then().statusCode(200)
                .body("names", equalTo(List.of(p + "_globex_only")));
        as(ACME_VIEWER, "limit", 0).when().get("/api/v1/metrics/names").then().statusCode(400)
                .body("parameter", equalTo("limit"));
    }

    @Test
    void shouldListTagKeysWithTheirValuesAndTheDevicePseudoTag() {
        TestData data = new TestData(db);
        String name = TestData.unique("http_requests_total");
        data.series(ACME, "dev-2", name, "counter", Map.of("method", "GET", "code", "200"));
        data.series(ACME, "dev-1", name, "counter", Map.of("method", "POST", "code", "200"));
        data.series(ACME, "dev-1", name, "counter", Map.of("method", "GET", "code", "500"));
        data.series(GLOBEX, "dev-9", name, "counter", Map.of("method", "DELETE", "tenant_secret", "s"));

        as(ACME_VIEWER, "name", name).when().get("/api/v1/metrics/tags").then().statusCode(200)
                .body("name", equalTo(name))
                .body("tags", equalTo(Map.of("code", List.of("200", "500"), "device_id", List.of("dev-1", "dev-2"),
                        "method", List.of("GET", "POST"))))
                .body("truncated", equalTo(false)).body("truncatedKeys", equalTo(List.of()));
        as(ACME_VIEWER, "name", name, "device", "dev-2").when().get("/api/v1/metrics/tags").then().statusCode(200)
                .body("tags", equalTo(Map.of("code", List.of("200"), "device_id", List.of("dev-2"), "method", List.of("GET"))));
        as(GLOBEX_VIEWER, "name", name).when().get("/api/v1/metrics/tags").then().statusCode(200)
                .body("tags", equalTo(Map.of("device_id", List.of("dev-9"), "method", List.of("DELETE"),
                        "tenant_secret", List.of("s"))));
        as(ACME_VIEWER).when().get("/api/v1/metrics/tags").then().statusCode(400).body("parameter", equalTo("name"));
    }
}

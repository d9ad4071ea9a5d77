package io.edgeobs.query.alerts;

import io.edgeobs.query.testing.QueryTestProfile;
import io.edgeobs.query.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.edgeobs.query.testing.TestKeys.ACME_OPERATOR;
import static io.edgeobs.query.testing.TestKeys.ACME_VIEWER;
import static io.edgeobs.query.testing.TestKeys.GLOBEX_ADMIN;
import static io.edgeobs.query.testing.TestKeys.GLOBEX_VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(QueryTestProfile.class)
class AlertRulesApiTest {

    private static final String RULES = "/api/v1/alerts/rules";

    @Test
    void shouldCreateReadUpdateAndDeleteARuleWithDefaultsFilledIn() {
        // Given an operator makes a rule
        String name = TestData.unique("cameras silent");
        Map<String, Object> made = given().header("X-API-Key", ACME_OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", "device_silent", "threshold", 10, "for", "PT120S",
                        "fleet", "cameras", "labels", Map.of("team", "field")))
                .when().post(RULES).then().statusCode(201)
                .body("tenant", equalTo("acme")).body("source", equalTo("api")).body("name", equalTo(name))
                .body("kind", equalTo("device_silent")).body("severity", equalTo("warning"))
                .body("for", equalTo("2m")).body("operator", equalTo(">")).body("threshold", equalTo(10.0f))
                .body("labels.team", equalTo("field")).body("window", nullValue())
                .extract().as(Map.class);
        String id = (String) made.get("id");
        assertThat(id).startsWith("rule_");

        // Then a viewer reads it in the list and by id
        given().header("X-API-Key", ACME_VIEWER).when().get(RULES).then().statusCode(200)
                .body("find { it.id == '" + id + "' }.name", equalTo(name));
        given().header("X-API-Key", ACME_VIEWER).when().get(RULES + "/" + id).then().statusCode(200)
                .body("fleet", equalTo("cameras")).body("createdAt", not(nullValue()));

        // When the operator sends back what it read with a new threshold, then it is replaced
        Map<String, Object> changed = new HashMap<>(made);
        changed.put("threshold", 30);
        changed.remove("labels");
        given().header("X-API-Key", ACME_OPERATOR).contentType(ContentType.JSON).body(changed)
                .when().put(RULES + "/" + id).then().statusCode(200)
                .body("threshold", equalTo(30.0f)).body("labels", nullValue()).body("for", equalTo("2m"));

        // When it is deleted, then it is gone
        given().header("X-API-Key", ACME_OPERATOR).when().delete(RULES + "/" + id).then().statusCode(200)
                .body("id", equalTo(id));
        given().header("X-API-Key", ACME_VIEWER).when().get(RULES + "/" + id).then().statusCode(404);
        given().header("X-API-Key", ACME_VIEWER).when().get(RULES).then().body("id", not(hasItem(id)));
    }

    @Test
    void shouldRefuseWritesOfAViewerWith403() {
        String id = AlertTestSupport.create(ACME_OPERATOR, Map.of("name", TestData.unique("ro"), "kind", "buffer_above",
                "threshold", 80));
        Map<String, Object> body = Map.of("name", TestData.unique("v"), "kind", "buffer_above", "threshold", 80);
        given().header("X-API-Key", ACME_VIEWER).contentType(ContentType.JSON).body(body).when().post(RULES)
                .then().statusCode(403).body("detail", containsString("operator"));
        given().header("X-API-Key", ACME_VIEWER).contentType(ContentType.JSON).body(body).when().put(RULES + "/" + id)
                .then().statusCode(403);
        given().header("X-API-Key", ACME_VIEWER).when().delete(RULES + "/" + id).then().statusCode(403);
        given().header("X-API-Key", ACME_VIEWER).when().get(RULES + "/" + id).then().statusCode(200)
                .body("threshold", equalTo(80.0f));
    }

    @Test
    void shouldRefuseBadRulesWith400NamingTheField() {
        Map<String, Object> good = Map.of("name", TestData.unique("bad"), "kind", "metric_threshold",
                "metric", "cpu", "threshold", 1);
        assertBad(without(good, "name"), "name", "missing");
        assertBad(with(good, "kind", "cpu_hot"), "kind", "device_silent");
        assertBad(without(good, "threshold"), "threshold", "missing");
        assertBad(with(good, "threshold", "hot"), "threshold", "type");
        assertBad(with(good, "treshold", 3), "treshold", "unknown field");
        assertBad(with(good, "for", "5 minutes"), "for", "unit");
        assertBad(with(good, "for", "2d"), "for", "at most");
        assertBad(with(good, "window", "0s"), "window", "positive");
        assertBad(with(good, "webhook", "ftp://hooks.example.com/x"), "webhook", "http");
        assertBad(with(good, "operator", "=="), "operator", ">=");
        assertBad(with(good, "aggregation", "median"), "aggregation", "avg");
        assertBad(with(good, "per", "fleet"), "per", "series");
        assertBad(with(good, "severity", "urgent"), "severity", "critical");
        assertBad(with(good, "tenant", "globex"), "tenant", "API key");
        assertBad(without(good, "metric"), "metric", "missing");
        Map<String, Object> buffer = Map.of("name", TestData.unique("bad"), "kind", "buffer_above", "threshold", 80);
        assertBad(with(buffer, "operator", "<"), "operator", "only metric_threshold");
        assertBad(with(buffer, "window", "5m"), "window", "not used by buffer_above");
        assertBad(with(buffer, "threshold", -1), "threshold", "negative");
        assertBad(Map.of("name", "x", "kind", "device_silent", "threshold", 0), "threshold", "positive");
        given().header("X-API-Key", ACME_OPERATOR).contentType(ContentType.JSON).body("[1]").when().post(RULES)
                .then().statusCode(400).body("parameter", equalTo("body"));
        given().header("X-API-Key", ACME_VIEWER).queryParam("state", "burning").when().get("/api/v1/alerts")
                .then().statusCode(400).body("parameter", equalTo("state"));
        given().header("X-API-Key", ACME_VIEWER).queryParam("limit", 0).when().get("/api/v1/alerts")
                .then().statusCode(400).body("parameter", equalTo("limit"));
    }

    @Test
    void shouldRefuseASecondRuleOfTheSameNameWith409() {
        Map<String, Object> rule = Map.of("name", TestData.unique("twice"), "kind", "buffer_above", "threshold", 80);
        AlertTestSupport.create(ACME_OPERATOR, rule);
        given().header("X-API-Key", ACME_OPERATOR).contentType(ContentType.JSON).body(rule).when().post(RULES)
                .then().statusCode(409).body("detail", containsString("name"));
        // the same name in another tenant is fine
        AlertTestSupport.create(GLOBEX_ADMIN, rule);
    }

    @Test
    void shouldKeepRulesInsideTheirTenantEvenById() {
        // Given a rule of acme
        String id = AlertTestSupport.create(ACME_OPERATOR, Map.of("name", TestData.unique("acme only"),
                "kind", "buffer_above", "threshold", 80));

        // Then globex neither lists, reads, changes nor deletes it
        List<String> tenants = given().header("X-API-Key", GLOBEX_VIEWER).when().get(RULES).then().statusCode(200)
                .extract().jsonPath().getList("tenant");
        assertThat(tenants).containsOnly("globex");
        given().header("X-API-Key", GLOBEX_VIEWER).when().get(RULES).then().body("id", not(hasItem(id)));
        given().header("X-API-Key", GLOBEX_VIEWER).when().get(RULES + "/" + id).then().statusCode(404);
        given().header("X-API-Key", GLOBEX_ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "taken over", "kind", "buffer_above", "threshold", 1))
                .when().put(RULES + "/" + id).then().statusCode(404);
        given().header("X-API-Key", GLOBEX_ADMIN).when().delete(RULES + "/" + id).then().statusCode(404);
        given().header("X-API-Key", ACME_VIEWER).when().get(RULES + "/" + id).then().statusCode(200)
                .body("threshold", equalTo(80.0f)).body("name", containsString("acme only"));
    }

    private static void assertBad(Map<String, Object> body, String parameter, String detail) {
        given().header("X-API-Key", ACME_OPERATOR).contentType(ContentType.JSON).body(body).when().post(RULES)
                .then().statusCode(400).contentType("application/problem+json")
                .body("parameter", equalTo(parameter)).body("detail", containsString(detail));
    }

    private static Map<String, Object> with(Map<String, Object> m, String k, Object v) {
        Map<String, Object> out = new HashMap<>(m);
        out.put(k, v);
        return out;
    }

    private static Map<String, Object> without(Map<String, Object> m, String k) {
        Map<String, Object> out = new HashMap<>(m);
        out.remove(k);
        return out;
    }
}

package io.edgeobs.query.alerts;

import io.restassured.http.ContentType;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Rules made through the API and evaluated one at a time at an explicit time, for the alert tests. */
final class AlertTestSupport {

    /** A fixed start for the crafted data; tests move "now" from here. */
    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    private final AlertEvaluator evaluator;
    private final RuleStore store;

    AlertTestSupport(AlertEvaluator evaluator, RuleStore store) {
        this.evaluator = evaluator;
        this.store = store;
    }

    /** Makes a rule over the API with this key; its id. */
    static String create(String key, Map<String, ?> body) {
        return given().header("X-API-Key", key).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/alerts/rules").then().statusCode(201).extract().path("id");
    }

    /** Evaluates only this rule (not the other tests' rules) at {@code now}; the number of notified transitions. */
    int evaluate(String tenant, String ruleId, Instant now) throws Exception {
        return evaluator.evaluate(store.get(tenant, ruleId).rule(), now);
    }

    /** The alerts of a rule as the API lists them (all but inactive), in the key's tenant. */
    static List<Map<String, Object>> alerts(String key, String ruleId) {
        return given().header("X-API-Key", key).queryParam("rule", ruleId).when().get("/api/v1/alerts")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** subject -> state of a rule's alerts. */
    static Map<String, String> states(String key, String ruleId) {
        Map<String, String> out = new java.util.TreeMap<>();
        alerts(key, ruleId).forEach(a -> out.put((String) a.get("subject"), (String) a.get("state")));
        return out;
    }
}

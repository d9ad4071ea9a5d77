package io.edgeobs.query.jaeger;

import io.edgeobs.query.testing.QueryTestProfile;
import io.edgeobs.query.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Every parameter the Jaeger APIs refuse gives a 400 problem detail naming it. */
@QuarkusTest
@TestProfile(QueryTestProfile.class)
class JaegerBadParametersTest {

    private static void refused(String path, Map<String, ?> params, String parameter, String detail) {
        given().header("X-API-Key", TestKeys.ACME_VIEWER).queryParams(params)
                .when().get(path)
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("parameter", equalTo(parameter))
                .body("detail", containsString(detail));
    }

    @Test
    void shouldRefuseBadSearchParametersNamingThem() {
        refused("/api/traces", Map.of("limit", "ten"), "limit", "not an integer");
        refused("/api/traces", Map.of("limit", "5000"), "limit", "between 1 and 1500");
        refused("/api/traces", Map.of("limit", "0"), "limit", "between 1 and 1500");
        refused("/api/traces", Map.of("minDuration", "5"), "minDuration", "unit");
        refused("/api/traces", Map.of("maxDuration", "1x"), "maxDuration", "unknown unit");
        refused("/api/traces", Map.of("minDuration", "2s", "maxDuration", "1s"), "maxDuration", "minimum");
        refused("/api/traces", Map.of("start", "yesterday"), "start", "not an integer");
        refused("/api/traces", Map.of("end", "-5"), "end", "negative");
        refused("/api/traces", Map.of("start", "1600000000000000", "end", "1700000000000000"), "start",
                "edgeobs.query.max-range");
        refused("/api/traces", Map.of("start", "1700000000000000", "end", "1600000000000000"), "start", "after");
        refused("/api/traces", Map.of("lookback", "often"), "lookback", "Go duration");
        refused("/api/traces", Map.of("tag", "novalue"), "tag", "key:value");
        refused("/api/traces", Map.of("tags", "{\"a\":"), "tags", "not JSON");
        refused("/api/traces", Map.of("tags", "[\"a\"]"), "tags", "JSON object");
        refused("/api/traces", Map.of("tags", "{\"a\":{\"b\":1}}"), "tags", "string, number or boolean");
        refused("/api/traces", Map.of("traceID", "not-hex"), "traceID", "not hex");
    }

    @Test
    void shouldRefuseBadLookupOperationAndDependencyParametersNamingThem() {
        refused("/api/traces/xyz", Map.of(), "traceID", "not hex");
        refused("/api/traces/" + "a".repeat(33), Map.of(), "traceID", "1 to 32 hex digits");
        refused("/api/traces/abc", Map.of("start", "soon"), "start", "not an integer");
        refused("/api/operations", Map.of(), "service", "required");
        refused("/api/operations", Map.of("service", "x", "spanKind", "sideways"), "spanKind", "unknown span kind");
        refused("/api/dependencies", Map.of("endTs", "now"), "endTs", "milliseconds");
        refused("/api/dependencies", Map.of("lookback", "-5"), "lookback", "negative");
        refused("/api/dependencies", Map.of("lookback", "0"), "lookback", "positive");
        refused("/api/dependencies", Map.of("lookback", Long.toString(40L * 86_400_000)), "lookback", "max-range");
    }

    @Test
    void shouldRefuseBadV3ParametersNamingThem() {
        String min = "2026-12-03T10:00:00Z";
        String max = "2026-12-03T11:00:00Z";
        refused("/api/v3/traces", Map.of("query.start_time_max", max), "query.startTimeMin", "required");
        refused("/api/v3/traces", Map.of("query.start_time_min", min), "query.startTimeMax", "required");
        refused("/api/v3/traces", Map.of("query.start_time_min", "10 o'clock", "query.start_time_max", max),
                "query.start_time_min", "RFC 3339");
        refused("/api/v3/trace-summaries", Map.of("query.startTimeMin", max, "query.startTimeMax", min),
                "query.startTimeMin", "after");
        refused("/api/v3/traces", Map.of("query.start_time_min", min, "query.start_time_max", max,
                "query.duration_min", "5"), "query.duration_min", "unit");
        refused("/api/v3/traces", Map.of("query.start_time_min", min, "query.start_time_max", max,
                "query.attributes", "[1]"), "query.attributes", "JSON object");
        refused("/api/v3/traces", Map.of("query.start_time_min", min, "query.start_time_max", max,
                "query.num_traces", "0"), "query.num_traces", "between 1 and");
        refused("/api/v3/traces/zz", Map.of(), "trace_id", "not hex");
        refused("/api/v3/traces/abc", Map.of("start_time", "noon"), "start_time", "RFC 3339");
        refused("/api/v3/operations", Map.of(), "service", "required");
        refused("/api/v3/operations", Map.of("service", "x", "span_kind", "up"), "span_kind", "unknown span kind");
    }
}

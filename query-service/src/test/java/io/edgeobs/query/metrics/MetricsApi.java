package io.edgeobs.query.metrics;

import io.edgeobs.query.testing.TestData;
import io.restassured.specification.RequestSpecification;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Test helpers of the metrics API: requests with a key, the answer as plain maps, rollup rows. */
final class MetricsApi {

    private MetricsApi() {
    }

    static RequestSpecification as(String key, Object... params) {
        RequestSpecification r = given().header("X-API-Key", key);
        for (int i = 0; i < params.length; i += 2) {
            r = r.queryParam((String) params[i], params[i + 1]);
        }
        return r;
    }

    /** GET /api/v1/metrics/query, expecting 200, as a map (numbers as Jackson reads them: doubles stay doubles). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> query(String key, Object... params) {
        return as(key, params).when().get("/api/v1/metrics/query").then().statusCode(200).extract().as(Map.class);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> series(Map<String, Object> body) {
        return (List<Map<String, Object>>) body.get("series");
    }

    /** The points of the {@code i}th series as [[ms, value], ...]. */
    @SuppressWarnings("unchecked")
    static List<List<Number>> points(Map<String, Object> body, int i) {
        return (List<List<Number>>) series(body).get(i).get("points");
    }

    /** The points of one series as ms to value. */
    static Map<Long, Double> values(Map<String, Object> body, int i) {
        Map<Long, Double> out = new java.util.LinkedHashMap<>();
        for (List<Number> p : points(body, i)) {
            out.put(p.get(0).longValue(), p.get(1) == null ? null : p.get(1).doubleValue());
        }
        return out;
    }

    /** A rollup row in metrics_1m or metrics_1h. */
    static void rollup(TestData data, String table, long series, Instant bucket, double min, double max, double sum,
                       long count, double last) {
        data.execute("INSERT INTO " + table + " (series_id, bucket, min, max, avg, sum, count, last) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", series, Timestamp.from(bucket), min, max, sum / count, sum, count, last);
    }
}

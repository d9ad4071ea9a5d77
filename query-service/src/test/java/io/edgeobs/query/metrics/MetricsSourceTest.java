package io.edgeobs.query.metrics;

import io.edgeobs.query.testing.QueryTestProfile;
import io.edgeobs.query.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.edgeobs.query.metrics.MetricsAggregationTest.assertClose;
import static io.edgeobs.query.metrics.MetricsApi.as;
import static io.edgeobs.query.metrics.MetricsApi.query;
import static io.edgeobs.query.metrics.MetricsApi.rollup;
import static io.edgeobs.query.metrics.MetricsApi.values;
import static io.edgeobs.query.testing.TestKeys.ACME;
import static io.edgeobs.query.testing.TestKeys.ACME_VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Which table a query reads: raw points, metrics_1m and metrics_1h hold DIFFERENT values for the same series here,
 * so each answer proves the table it came from. And the 400s that name the parameter.
 */
@QuarkusTest
@TestProfile(QueryTestProfile.class)
class MetricsSourceTest {

    @Inject
    DataSource db;
    TestData data;
    Instant t0;
    String name;

    @BeforeEach
    void setUp() {
        data = new TestData(db);
        t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
        // raw: 1 (first minute only); metrics_1m: 100 and 200 (minutes one and two); metrics_1h: 5000 and 6000
        name = TestData.unique("load");
        long s = data.series(ACME, "dev-1", name, "gauge", Map.of("host", "a"));
        data.points(s, t0.plusSeconds(10), Duration.ofSeconds(15), 1);
        rollup(data, "metrics_1m", s, t0, 100, 100, 100, 1, 100);
        rollup(data, "metrics_1m", s, t0.plusSeconds(60), 200, 200, 200, 1, 200);
        rollup(data, "metrics_1h", s, t0, 5000, 5000, 5000, 1, 5000);
        rollup(data, "metrics_1h", s, t0.plusSeconds(3600), 6000, 6000, 6000, 1, 6000);
    }

    private Map<String, Object> q(String step, String source) {
        return query(ACME_VIEWER, "name", name, "from", String.valueOf(t0.toEpochMilli()),
                "to", String.valueOf(t0.plusSeconds(7200).toEpochMilli()), "step", step, "source", source);
    }

    @Test
    void shouldPickRawUnderAMinuteMetrics1mForMinutesAndMetrics1hForHours() {
        long m0 = t0.toEpochMilli();
        Map<String, Object> raw = q("30s", "auto");
        assertThat(raw).containsEntry("source", "raw");
        assertClose(values(raw, 0), Map.of(m0, 1.0));

        Map<String, Object> minutes = q("60s", "auto");
        assertThat(minutes).containsEntry("source", "metrics_1m");
        assertClose(values(minutes, 0), Map.of(m0, 100.0, m0 + 60_000, 200.0));

        Map<String, Object> fiveMinutes = q("5m", null);
        assertThat(fiveMinutes).containsEntry("source", "metrics_1m").containsEntry("step", "300s");
        assertClose(values(fiveMinutes, 0), Map.of(m0, 150.0));

        Map<String, Object> hours = q("1h", "auto");
        assertThat(hours).containsEntry("source", "metrics_1h").containsEntry("step", "3600s");
        assertClose(values(hours, 0), Map.of(m0, 5000.0, m0 + 3_600_000, 6000.0));
    }

    @Test
    void shouldReadRawPointsForAShortRangeWhateverTheStep() {
        Map<String, Object> body = query(ACME_VIEWER, "name", name, "from", String.valueOf(t0.toEpochMilli()),
                "to", String.valueOf(t0.plusSeconds(1800).toEpochMilli()), "step", "60s");
        assertThat(body).containsEntry("source", "raw");
        assertClose(values(body, 0), Map.of(t0.toEpochMilli(), 1.0));
    }

    @Test
    void shouldReadTheForcedSource() {
        long m0 = t0.toEpochMilli();
        assertThat(q("1h", "raw")).containsEntry("source", "raw");
        assertClose(values(q("1h", "raw"), 0), Map.of(m0, 1.0));
        assertClose(values(q("1h", "1m"), 0), Map.of(m0, 150.0));
        assertThat(q("1h", "1m")).containsEntry("source", "metrics_1m");
        assertThat(q("1h", "metrics_1h")).containsEntry("source", "metrics_1h");
        assertClose(values(q("1h", "1h"), 0), Map.of(m0, 5000.0, m0 + 3_600_000, 6000.0));
    }

    @Test
    void shouldRefuseASourceThatCannotServeTheStep() {
        as(ACME_VIEWER, "name", name, "step", "30s", "source", "1m").when().get("/api/v1/metrics/query").then()
                .statusCode(400).body("parameter", equalTo("source")).body("detail", containsString("30s"));
        as(ACME_VIEWER, "name", name, "step", "90s", "source", "1m").when().get("/api/v1/metrics/query").then()
                .statusCode(400).body("parameter", equalTo("source"));
        as(ACME_VIEWER, "name", name, "step", "60s", "source", "1h").when().get("/api/v1/metrics/query").then()
                .statusCode(400).body("parameter", equalTo("source"));
        as(ACME_VIEWER, "name", name, "source", "5m").when().get("/api/v1/metrics/query").then()
                .statusCode(400).body("parameter", equalTo("source")).body("detail", containsString("auto, raw, 1m or 1h"));
    }

    @Test
    void shouldAnswer400NamingTheParameter() {
        String path = "/api/v1/metrics/query";
        as(ACME_VIEWER, "from", "now-1h").when().get(path).then().statusCode(400).contentType("application/problem+json")
                .body("parameter", equalTo("name"));
        as(ACME_VIEWER, "name", name, "agg", "median").when().get(path).then().statusCode(400)
                .body("parameter", equalTo("agg")).body("detail", containsString("avg, min, max, sum, count, last, rate"));
        as(ACME_VIEWER, "name", name, "step", "abc").when().get(path).then().statusCode(400).body("parameter", equalTo("step"));
        as(ACME_VIEWER, "name", name, "step", "500ms").when().get(path).then().statusCode(400)
                .body("parameter", equalTo("step")).body("detail", containsString("whole number of seconds"));
        as(ACME_VIEWER, "name", name, "from", "now-1h", "to", "now-2h").when().get(path).then().statusCode(400)
                .body("parameter", equalTo("from"));
        as(ACME_VIEWER, "name", name, "from", "now-40d").when().get(path).then().statusCode(400)
                .body("parameter", equalTo("from")).body("detail", containsString("max-range"));
        as(ACME_VIEWER, "name", name, "from", "yesterday").when().get(path).then().statusCode(400)
                .body("parameter", equalTo("from"));
        as(ACME_VIEWER, "name", name, "groupBy", "host", "groupBy", "x").when().get(path).then().statusCode(400)
                .body("parameter", equalTo("groupBy"));
        as(ACME_VIEWER, "name", name, "tag.host", "~(unclosed").when().get(path).then().statusCode(400)
                .body("parameter", equalTo("tag.host"));
    }

    @Test
    void shouldRefuseTooManyPointsNamingStepAndTheSmallestAllowedStep() {
        // 24 hours at 1 s are 86,400 points; max-points is 11,000, so the smallest step is 8 s (10,800 points)
        String from = String.valueOf(t0.toEpochMilli());
        String to = String.valueOf(t0.plus(Duration.ofDays(1)).toEpochMilli());
        as(ACME_VIEWER, "name", name, "from", from, "to", to, "step", "1s").when().get("/api/v1/metrics/query").then()
                .statusCode(400).body("parameter", equalTo("step"))
                .body("detail", containsString("86400 points")).body("detail", containsString("smallest step allowed for this range is 8s"));
        Map<String, Object> ok = query(ACME_VIEWER, "name", name, "from", from, "to", to, "step", "8s");
        assertThat(ok).containsEntry("step", "8s").containsEntry("source", "raw");
    }

    @Test
    void shouldChooseADefaultStepOfAboutThreeHundredPoints() {
        Map<String, Object> body = query(ACME_VIEWER, "name", name, "from", String.valueOf(t0.toEpochMilli()),
                "to", String.valueOf(t0.plus(Duration.ofDays(1)).toEpochMilli()));
        // 86,400 s / 300 = 288 s, rounded up to 5 minutes: metrics_1m
        assertThat(body).containsEntry("step", "300s").containsEntry("source", "metrics_1m").containsEntry("aggregation", "avg");
        assertClose(values(body, 0), Map.of(t0.toEpochMilli(), 150.0));
    }
}

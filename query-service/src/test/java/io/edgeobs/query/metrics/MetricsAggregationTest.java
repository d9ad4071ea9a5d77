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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.edgeobs.query.metrics.MetricsApi.query;
import static io.edgeobs.query.metrics.MetricsApi.rollup;
import static io.edgeobs.query.metrics.MetricsApi.series;
import static io.edgeobs.query.metrics.MetricsApi.values;
import static io.edgeobs.query.testing.TestKeys.ACME;
import static io.edgeobs.query.testing.TestKeys.ACME_VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each aggregation and rate against hand-computed values, from raw points and from rollups with their raw tail. */
@QuarkusTest
@TestProfile(QueryTestProfile.class)
class MetricsAggregationTest {

    static final Duration S15 = Duration.ofSeconds(15);

    @Inject
    DataSource db;
    TestData data;
    Instant t0;
    long m0;
    long m1;

    @BeforeEach
    void setUp() {
        data = new TestData(db);
        t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
        m0 = t0.toEpochMilli();
        m1 = m0 + 60_000;
    }

    private Map<String, Object> q(String name, String agg, String source, Instant to, String step, Object... more) {
        Object[] base = {"name", name, "from", String.valueOf(m0), "to", String.valueOf(to.toEpochMilli()), "step", step,
                "agg", agg, "source", source};
        Object[] all = new Object[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return query(ACME_VIEWER, all);
    }

    @Test
    void shouldAggregateRawPointsOverBucketsAndAcrossTheSeriesOfTheGroup() {
        // Given two series of one metric: a with 1,2,3,4 in the first minute and 10,20 in the second, b with 100, 200
        String name = TestData.unique("cpu");
        long a = data.series(ACME, "dev-1", name, "gauge", Map.of("host", "a"));
        long b = data.series(ACME, "dev-2", name, "gauge", Map.of("host", "b"));
        data.points(a, t0, S15, 1, 2, 3, 4, 10, 20);
        data.points(b, t0, Duration.ofMinutes(1), 100, 200);
        Instant to = t0.plusSeconds(120);

        // Then each aggregation over both series per minute is as computed by hand
        Map<String, Map<Long, Double>> expected = new LinkedHashMap<>();
        expected.put("avg", Map.of(m0, 110.0 / 5, m1, 230.0 / 3));
        expected.put("min", Map.of(m0, 1.0, m1, 10.0));
        expected.put("max", Map.of(m0, 100.0, m1, 200.0));
        expected.put("sum", Map.of(m0, 110.0, m1, 230.0));
        expected.put("count", Map.of(m0, 5.0, m1, 3.0));
        expected.put("last", Map.of(m0, 4.0, m1, 20.0));
        expected.forEach((agg, values) -> {
            Map<String, Object> body = q(name, agg, "raw", to, "60s");
            assertThat(body).containsEntry("source", "raw").containsEntry("aggregation", agg)
                    .containsEntry("step", "60s").containsEntry("from", m0).containsEntry("to", to.toEpochMilli());
            assertThat(series(body)).hasSize(1);
            assertThat(series(body).get(0).get("tags")).isEqualTo(Map.of());
            assertClose(values(body, 0), values);
        });

        // And per series when grouped by host
        Map<String, Object> byHost = q(name, "avg", "raw", to, "60s", "groupBy", "host");
        assertThat(series(byHost)).extracting(s -> s.get("tags")).containsExactly(Map.of("host", "a"), Map.of("host", "b"));
        assertClose(values(byHost, 0), Map.of(m0, 2.5, m1, 15.0));
        assertClose(values(byHost, 1), Map.of(m0, 100.0, m1, 200.0));
    }

    @Test
    void shouldWeightRollupAveragesByCountAndReadTheRollupsNewestBucketAndAfterFromRawPoints() {
        // Given a series whose first minute is in metrics_1m (1 and 3; raw says 1000, which must not be read), whose
        // second minute the rollup has (10) but raw points have newer data for (50), and a raw point in minute three
        String name = TestData.unique("temp");
        long s = data.series(ACME, "dev-1", name, "gauge", Map.of());
        rollup(data, "metrics_1m", s, t0, 1, 3, 4, 2, 3);
        rollup(data, "metrics_1m", s, t0.plusSeconds(60), 10, 10, 10, 1, 10);
        data.points(s, t0.plusSeconds(5), S15, 1000);
        data.points(s, t0.plusSeconds(60), S15, 50);
        data.points(s, t0.plusSeconds(130), S15, 7);
        Instant to = t0.plusSeconds(240);

        // Then a 2-minute step from metrics_1m is rollup minute one plus raw minute two (sum/count, not avg of avgs)
        Map<String, Map<Long, Double>> expected = new LinkedHashMap<>();
        long m2 = m0 + 120_000;
        expected.put("avg", Map.of(m0, 54.0 / 3, m2, 7.0));
        expected.put("min", Map.of(m0, 1.0, m2, 7.0));
        expected.put("max", Map.of(m0, 50.0, m2, 7.0));
        expected.put("sum", Map.of(m0, 54.0, m2, 7.0));
        expected.put("count", Map.of(m0, 3.0, m2, 1.0));
        expected.put("last", Map.of(m0, 50.0, m2, 7.0));
        expected.forEach((agg, values) -> {
            Map<String, Object> body = q(name, agg, "1m", to, "120s");
            assertThat(body).containsEntry("source", "metrics_1m");
            assertClose(values(body, 0), values);
        });
        // And raw points alone give the raw values
        assertClose(values(q(name, "avg", "raw", to, "120s"), 0), Map.of(m0, 1050.0 / 2, m2, 7.0));
    }

    @Test
    void shouldWeightAveragesOfRollupsOnlyByTheirCounts() {
        // Given a minute of 2 points averaging 2 and a minute of 1 point of 10, no raw points
        String name = TestData.unique("temp");
        long s = data.series(ACME, "dev-1", name, "gauge", Map.of());
        rollup(data, "metrics_1m", s, t0, 1, 3, 4, 2, 3);
        rollup(data, "metrics_1m", s, t0.plusSeconds(60), 10, 10, 10, 1, 10);

        // Then the 2-minute average is 14 / 3, not (2 + 10) / 2
        assertClose(values(q(name, "avg", "1m", t0.plusSeconds(120), "120s"), 0), Map.of(m0, 14.0 / 3));
        assertClose(values(q(name, "last", "1m", t0.plusSeconds(120), "120s"), 0), Map.of(m0, 10.0));
    }

    @Test
    void shouldComputeRatePerSeriesAcrossACounterResetAndSumItOverTheGroup() {
        // Given counter a every 15 s (a point 30 s before from, then a restart at 75 s) and counter b every minute
        String name = TestData.unique("requests_total");
        long a = data.series(ACME, "dev-1", name, "counter", Map.of("host", "a"));
        long b = data.series(ACME, "dev-1", name, "counter", Map.of("host", "b"));
        data.points(a, t0.minusSeconds(30), S15, 4);
        data.points(a, t0, S15, 10, 20, 30, 40, 50, 5, 15, 25, 35);
        data.points(b, t0, Duration.ofMinutes(1), 0, 60, 120);
        Instant to = t0.plusSeconds(180);
        long m2 = m0 + 120_000;

        // Then a's increases per minute are 6+30, 10+5+10+10 (5 counted from zero after the restart), 10; b's -, 60, 60
        Map<String, Object> byHost = q(name, "rate", "raw", to, "60s", "groupBy", "host");
        assertThat(byHost).containsEntry("aggregation", "rate").containsEntry("warnings", List.of());
        assertClose(values(byHost, 0), Map.of(m0, 36.0 / 60, m1, 35.0 / 60, m2, 10.0 / 60));
        assertClose(values(byHost, 1), Map.of(m1, 1.0, m2, 1.0));
        // And without groupBy the group's rate is their sum
        assertClose(values(q(name, "rate", "raw", to, "60s"), 0), Map.of(m0, 36.0 / 60, m1, 95.0 / 60, m2, 70.0 / 60));
    }

    @Test
    void shouldComputeRateFromRollupsTakingALowerMinThanThePreviousLastAsARestart() {
        // Given rollup minutes of a counter: last 40; then min 5 (a restart) ending at 25; then up to 35
        String name = TestData.unique("bytes_total");
        long s = data.series(ACME, "dev-1", name, "counter", Map.of());
        rollup(data, "metrics_1m", s, t0, 10, 40, 100, 4, 40);
        rollup(data, "metrics_1m", s, t0.plusSeconds(60), 5, 25, 45, 3, 25);
        rollup(data, "metrics_1m", s, t0.plusSeconds(120), 30, 35, 65, 2, 35);

        Map<String, Object> body = q(name, "rate", "1m", t0.plusSeconds(180), "60s");

        assertThat(body).containsEntry("source", "metrics_1m");
        assertClose(values(body, 0), Map.of(m1, 25.0 / 60, m0 + 120_000, 10.0 / 60));
    }

    @Test
    void shouldWarnWhenRateReadsGauges() {
        String name = TestData.unique("temp");
        long s = data.series(ACME, "dev-1", name, "gauge", Map.of());
        data.points(s, t0, S15, 1, 2);
        Map<String, Object> body = q(name, "rate", "raw", t0.plusSeconds(60), "60s");
        assertThat((List<?>) body.get("warnings")).singleElement().asString().contains("not counters");
        assertClose(values(body, 0), Map.of(m0, 1.0 / 60));
    }

    static void assertClose(Map<Long, Double> actual, Map<Long, Double> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(new java.util.TreeSet<>(expected.keySet()));
        expected.forEach((t, v) -> assertThat(actual.get(t)).as("value at %d", t).isCloseTo(v, within(1e-9)));
    }
}

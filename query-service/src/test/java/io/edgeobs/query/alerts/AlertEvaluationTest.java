package io.edgeobs.query.alerts;

import io.edgeobs.query.testing.QueryTestProfile;
import io.edgeobs.query.testing.TestData;
import io.edgeobs.query.testing.TestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.edgeobs.query.alerts.AlertTestSupport.T0;
import static io.edgeobs.query.alerts.AlertTestSupport.alerts;
import static io.edgeobs.query.alerts.AlertTestSupport.create;
import static io.edgeobs.query.alerts.AlertTestSupport.states;
import static io.edgeobs.query.testing.TestKeys.ACME;
import static io.edgeobs.query.testing.TestKeys.ACME_OPERATOR;
import static io.edgeobs.query.testing.TestKeys.ACME_VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@TestProfile(QueryTestProfile.class)
class AlertEvaluationTest {

    @Inject
    DataSource db;
    @Inject
    AlertEvaluator evaluator;
    @Inject
    RuleStore store;
    @Inject
    MeterRegistry registry;

    TestData data;
    AlertTestSupport support;
    String fleet;

    @BeforeEach
    void setUp() {
        data = new TestData(db);
        support = new AlertTestSupport(evaluator, store);
        fleet = TestData.unique("fleet");
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void shouldFireForASilentDeviceAndResolveWhenItIsSeenAgain() throws Exception {
        // Given two devices of a fleet, one last seen at T0 and one at T0+9m, and a rule for 10 minutes of silence
        data.device(ACME, "cam-1", fleet, T0, "1.0", null, null, null, null);
        data.device(ACME, "cam-2", fleet, at(9), "1.0", null, null, null, null);
        String rule = create(ACME_OPERATOR, Map.of("name", TestData.unique("silent"), "kind", "device_silent",
                "threshold", 10, "fleet", fleet, "severity", "critical"));

        // When evaluated at T0+5m nothing fires; at T0+11m the first device fires
        assertThat(support.evaluate(ACME, rule, at(5))).isZero();
        assertThat(alerts(ACME_VIEWER, rule)).isEmpty();
        assertThat(support.evaluate(ACME, rule, at(11))).isEqualTo(1);

        // Then the API lists it firing with its value in minutes, since and severity
        List<Map<String, Object>> firing = alerts(ACME_VIEWER, rule);
        assertThat(firing).hasSize(1);
        assertThat(firing.get(0)).containsEntry("subject", "cam-1").containsEntry("state", "firing")
                .containsEntry("severity", "critical").containsEntry("since", at(11).toString())
                .containsEntry("ruleId", rule);
        assertThat(((Number) firing.get(0).get("value")).doubleValue()).isEqualTo(11.0);

        // When the device is seen again, then it is resolved
        data.execute("UPDATE devices SET last_seen = ? WHERE tenant = ? AND device_id = 'cam-1' AND fleet = ?",
                Timestamp.from(at(12)), ACME, fleet);
        assertThat(support.evaluate(ACME, rule, at(13))).isEqualTo(1);
        assertThat(states(ACME_VIEWER, rule)).isEqualTo(Map.of("cam-1", "resolved"));
    }

    @Test
    void shouldFireWhenABufferIsAboveItsPercentAndResolveBelow() throws Exception {
        // Given a device at 90% of its buffer budget and one at 50%
        data.device(ACME, "gw-a", fleet, T0, "1.0", 900.0, 1000.0, 0.0, 0.0);
        data.device(ACME, "gw-b", fleet, T0, "1.0", 500.0, 1000.0, 0.0, 0.0);
        String rule = create(ACME_OPERATOR, Map.of("name", TestData.unique("buffer"), "kind", "buffer_above",
                "threshold", 80, "fleet", fleet));

        // Then only the first fires, with its percentage
        support.evaluate(ACME, rule, at(1));
        List<Map<String, Object>> firing = alerts(ACME_VIEWER, rule);
        assertThat(firing).extracting(a -> a.get("subject"), a -> a.get("state"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gw-a", "firing"));
        assertThat(((Number) firing.get(0).get("value")).doubleValue()).isEqualTo(90.0);

        // When its buffer drains, then it is resolved
        data.execute("UPDATE devices SET buffer_bytes = 100 WHERE tenant = ? AND device_id = 'gw-a' AND fleet = ?",
                ACME, fleet);
        support.evaluate(ACME, rule, at(2));
        assertThat(states(ACME_VIEWER, rule)).isEqualTo(Map.of("gw-a", "resolved"));
    }

    @Test
    void shouldFireOnDropsPerMinuteCountingAnAgentRestartAndResolveWhenDropsStop() throws Exception {
        // Given a device whose budget drops grow by 10 a minute, then restart at zero and stay at 2, and a series of
        // expired drops that does not move
        String device = TestData.unique("dev");
        data.device(ACME, device, fleet, at(9), "1.0", 0.0, 1000.0, 2.0, 0.0);
        long budget = data.series(ACME, device, "edgeobs_agent_buffer_dropped_total", "gauge",
                Map.of("signal", "logs", "reason", "budget"));
        long expired = data.series(ACME, device, "edgeobs_agent_buffer_dropped_total", "gauge",
                Map.of("signal", "logs", "reason", "expired"));
        data.points(budget, T0, Duration.ofMinutes(1), 0, 10, 20, 30, 40, 2, 2, 2, 2, 2);
        data.points(expired, T0, Duration.ofMinutes(1), 5, 5, 5, 5, 5, 5, 5, 5, 5, 5);
        String rule = create(ACME_OPERATOR, Map.of("name", TestData.unique("drops"), "kind", "drops_above",
                "threshold", 5, "window", "5m", "fleet", fleet));

        // When evaluated at T0+4m: 40 dropped in 4 minutes
        support.evaluate(ACME, rule, at(4));
        assertThat(value(rule, device)).isEqualTo(10.0);
        assertThat(states(ACME_VIEWER, rule)).isEqualTo(Map.of(device, "firing"));

        // At T0+5m the restart counts its new value: 10 + 10 + 10 + 2 in 4 minutes
        support.evaluate(ACME, rule, at(5));
        assertThat(value(rule, device)).isEqualTo(8.0);

        // At T0+9m nothing more was dropped: resolved
        support.evaluate(ACME, rule, at(9));
        assertThat(value(rule, device)).isEqualTo(0.0);
        assertThat(states(ACME_VIEWER, rule)).isEqualTo(Map.of(device, "resolved"));
    }

    @Test
    void shouldFireAMetricThresholdPerSeriesAndPerDeviceAndResolveWithoutData() throws Exception {
        // Given two series of one metric on one device: core 0 averages 60, core 1 stays at 10
        String metric = TestData.unique("cpu_temp");
        String device = TestData.unique("dev");
        data.device(ACME, device, fleet, T0, "1.0", null, null, null, null);
        long core0 = data.series(ACME, device, metric, "gauge", Map.of("core", "0"));
        long core1 = data.series(ACME, device, metric, "gauge", Map.of("core", "1"));
        data.points(core0, T0, Duration.ofMinutes(1), 50, 60, 70);
        data.points(core1, T0, Duration.ofMinutes(1), 10, 10, 10);
        String perSeries = create(ACME_OPERATOR, Map.of("name", TestData.unique("avg"), "kind", "metric_threshold",
                "metric", metric, "aggregation", "avg", "operator", ">", "threshold", 55, "window", "5m"));
        String lastLow = create(ACME_OPERATOR, Map.of("name", TestData.unique("last"), "kind", "metric_threshold",
                "metric", metric, "tags", Map.of("core", "1"), "aggregation", "last", "operator", "<=", "threshold", 10));
        String perDevice = create(ACME_OPERATOR, Map.of("name", TestData.unique("sum"), "kind", "metric_threshold",
                "metric", metric, "aggregation", "sum", "operator", ">=", "threshold", 210, "per", "device",
                "fleet", fleet));

        // When evaluated at T0+3m
        for (String r : List.of(perSeries, lastLow, perDevice)) {
            support.evaluate(ACME, r, at(3));
        }

        // Then the average fires for core 0 only, the last value for core 1 (tag filter), the sum for the device
        assertThat(states(ACME_VIEWER, perSeries)).isEqualTo(Map.of(device + " {\"core\": \"0\"}", "firing"));
        assertThat(value(perSeries, device + " {\"core\": \"0\"}")).isEqualTo(60.0);
        assertThat(states(ACME_VIEWER, lastLow)).isEqualTo(Map.of(device + " {\"core\": \"1\"}", "firing"));
        assertThat(states(ACME_VIEWER, perDevice)).isEqualTo(Map.of(device, "firing"));
        assertThat(value(perDevice, device)).isEqualTo(210.0);

        // When the window holds no points any more, then all resolve
        for (String r : List.of(perSeries, lastLow, perDevice)) {
            support.evaluate(ACME, r, at(30));
        }
        assertThat(states(ACME_VIEWER, perSeries)).containsValues("resolved").hasSize(1);
        assertThat(states(ACME_VIEWER, lastLow)).containsValues("resolved").hasSize(1);
        assertThat(states(ACME_VIEWER, perDevice)).isEqualTo(Map.of(device, "resolved"));
    }

    @Test
    void shouldStayPendingForTheForDurationAndGoBackToInactiveWithoutNotifying() throws Exception {
        // Given a silent device and one that comes back, and a rule with for: 2m
        data.device(ACME, "s-1", fleet, T0, "1.0", null, null, null, null);
        data.device(ACME, "s-2", fleet, T0, "1.0", null, null, null, null);
        String rule = create(ACME_OPERATOR, Map.of("name", TestData.unique("pending"), "kind", "device_silent",
                "threshold", 10, "for", "2m", "fleet", fleet, "webhook", "http://127.0.0.1:9/unused"));

        // When the silence starts, both are pending, with no notification
        assertThat(support.evaluate(ACME, rule, at(11))).isZero();
        assertThat(states(ACME_VIEWER, rule)).isEqualTo(Map.of("s-1", "pending", "s-2", "pending"));

        // When s-2 comes back before the 2 minutes, it goes back to inactive (not listed) without a notification
        data.execute("UPDATE devices SET last_seen = ? WHERE tenant = ? AND device_id = 's-2' AND fleet = ?",
                Timestamp.from(at(12)), ACME, fleet);
        assertThat(support.evaluate(ACME, rule, at(12))).isZero();
        assertThat(states(ACME_VIEWER, rule)).isEqualTo(Map.of("s-1", "pending"));
        assertThat(alerts(ACME_VIEWER, rule).get(0)).containsEntry("since", at(11).toString());

        // When the 2 minutes have passed, s-1 fires (one notification in the outbox)
        assertThat(support.evaluate(ACME, rule, at(13))).isEqualTo(1);
        assertThat(states(ACME_VIEWER, rule)).isEqualTo(Map.of("s-1", "firing"));
        assertThat(outbox(rule)).containsExactly("s-1:1:firing");
        data.execute("DELETE FROM query.alert_notifications WHERE rule_id = ?", rule); // nobody listens on :9
        given().header("X-API-Key", ACME_VIEWER).queryParam("state", "inactive").when().get("/api/v1/alerts")
                .then().statusCode(200).body("findAll { it.ruleId == '" + rule + "' }.subject",
                        org.hamcrest.Matchers.contains("s-2"));
    }

    @Test
    void shouldGoOnWithTheOtherRulesWhenOneFailsAndCountTheError() throws Exception {
        // Given a stored rule whose spec is broken (as a hand edit could leave it) and a good rule
        String broken = "rule_" + TestData.unique("broken");
        data.execute("INSERT INTO query.alert_rules (id, tenant, name, source, spec) VALUES (?, ?, 'broken', 'api', "
                + "'{\"name\":\"broken\",\"kind\":\"no_such_kind\",\"threshold\":1}'::jsonb)", broken,
                TestData.unique("tenant"));
        data.device(ACME, "f-1", fleet, T0, "1.0", null, null, null, null);
        String good = create(ACME_OPERATOR, Map.of("name", TestData.unique("good"), "kind", "device_silent",
                "threshold", 1, "fleet", fleet));
        double before = errors();

        // When every rule is evaluated
        AlertEvaluator.Summary summary = evaluator.evaluateAll(at(5));

        // Then the broken one failed, was counted and noted, and the good one was evaluated
        assertThat(summary.failed()).isGreaterThanOrEqualTo(1);
        assertThat(summary.evaluated()).isGreaterThanOrEqualTo(1);
        assertThat(errors()).isGreaterThanOrEqualTo(before + 1);
        assertThat(states(ACME_VIEWER, good)).isEqualTo(Map.of("f-1", "firing"));
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT last_error, last_evaluated_at FROM query.alert_rules WHERE id = ?")) {
            ps.setString(1, broken);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).contains("kind");
                assertThat(rs.getTimestamp(2).toInstant()).isEqualTo(at(5));
            }
        }
        data.execute("DELETE FROM query.alert_rules WHERE id = ?", broken);
    }

    @Test
    void shouldNeverEvaluateAnotherTenantsDevicesOrShowItsAlerts() throws Exception {
        // Given an acme device of a fleet silent for an hour, an acme rule and a globex rule on the same fleet name
        data.device(ACME, "iso-1", fleet, T0, "1.0", null, null, null, null);
        String acmeRule = create(ACME_OPERATOR, Map.of("name", TestData.unique("iso"), "kind", "device_silent",
                "threshold", 10, "fleet", fleet));
        String globexRule = create(TestKeys.GLOBEX_ADMIN, Map.of("name", TestData.unique("iso"), "kind",
                "device_silent", "threshold", 10, "fleet", fleet));

        // When both are evaluated
        support.evaluate(ACME, acmeRule, at(60));
        support.evaluate(TestKeys.GLOBEX, globexRule, at(60));

        // Then acme's fires, globex's has nothing, and globex sees none of acme's alerts, even by rule id
        assertThat(states(ACME_VIEWER, acmeRule)).isEqualTo(Map.of("iso-1", "firing"));
        assertThat(states(TestKeys.GLOBEX_VIEWER, globexRule)).isEmpty();
        assertThat(alerts(TestKeys.GLOBEX_VIEWER, acmeRule)).isEmpty();
        List<String> globexSubjects = given().header("X-API-Key", TestKeys.GLOBEX_VIEWER).queryParam("state", "firing")
                .when().get("/api/v1/alerts").then().statusCode(200).extract().jsonPath().getList("ruleId");
        assertThat(globexSubjects).doesNotContain(acmeRule);
    }

    private static io.restassured.specification.RequestSpecification given() {
        return io.restassured.RestAssured.given();
    }

    private Double value(String rule, String subject) {
        return alertsOf(rule).stream().filter(a -> subject.equals(a.get("subject")))
                .map(a -> ((Number) a.get("value")).doubleValue()).findFirst().orElse(null);
    }

    private List<Map<String, Object>> alertsOf(String rule) {
        return alerts(ACME_VIEWER, rule);
    }

    private List<String> outbox(String rule) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT subject || ':' || transition || ':' || state FROM query.alert_notifications WHERE rule_id = ? "
                        + "ORDER BY subject, transition")) {
            ps.setString(1, rule);
            List<String> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private double errors() {
        return registry.counter("edgeobs.query.alert.evaluation.errors").count();
    }
}

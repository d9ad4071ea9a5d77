package io.edgeobs.query.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.query.config.QueryConfig;
import io.edgeobs.query.testing.QueryTestProfile;
import io.edgeobs.query.testing.TestData;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.edgeobs.query.alerts.AlertTestSupport.T0;
import static io.edgeobs.query.alerts.AlertTestSupport.create;
import static io.edgeobs.query.testing.TestKeys.ACME;
import static io.edgeobs.query.testing.TestKeys.ACME_OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@TestProfile(QueryTestProfile.class)
class AlertWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource db;
    @Inject
    AlertEvaluator evaluator;
    @Inject
    WebhookDeliverer deliverer;
    @Inject
    RuleStore store;
    @Inject
    MeterRegistry registry;
    @Inject
    QueryConfig config;

    TestData data;
    AlertTestSupport support;
    String fleet;

    @BeforeEach
    void setUp() {
        data = new TestData(db);
        support = new AlertTestSupport(evaluator, store);
        fleet = TestData.unique("fleet");
    }

    private static Instant at(int seconds) {
        return T0.plus(Duration.ofSeconds(seconds));
    }

    @Test
    void shouldDeliverATransitionExactlyOnceWithTheSameIdThroughRetriesAndThenItsResolution() throws Exception {
        // Given a receiver that fails the first two attempts, and a device above its buffer rule
        try (WebhookReceiver receiver = WebhookReceiver.start(n -> n <= 2 ? 500 : 200)) {
            data.device(ACME, "hook-1", fleet, T0, "1.0", 950.0, 1000.0, 0.0, 0.0);
            String name = TestData.unique("hooked");
            String rule = create(ACME_OPERATOR, Map.of("name", name, "kind", "buffer_above", "threshold", 90,
                    "fleet", fleet, "webhook", receiver.url(), "severity", "critical", "labels", Map.of("team", "edge")));
            double retriedBefore = count("retried");
            double deliveredBefore = count("delivered");

            // When it fires and the outbox is delivered: 500 now, not yet due again, 500 after 10s, 200 after 20s more
            assertThat(support.evaluate(ACME, rule, at(0))).isEqualTo(1);
            deliverer.deliverDue(at(0));
            deliverer.deliverDue(at(5));
            assertThat(receiver.requests()).hasSize(1);
            deliverer.deliverDue(at(10));
            assertThat(receiver.requests()).hasSize(2);
            deliverer.deliverDue(at(29));
            assertThat(receiver.requests()).hasSize(2);
            deliverer.deliverDue(at(30));

            // Then three attempts carried the same id in both headers and the body, and it is delivered
            List<WebhookReceiver.Request> requests = receiver.requests();
            assertThat(requests).hasSize(3);
            String id = requests.get(0).idempotencyKey();
            assertThat(id).isNotBlank();
            assertThat(requests).allSatisfy(r -> {
                assertThat(r.idempotencyKey()).isEqualTo(id);
                assertThat(r.notificationId()).isEqualTo(id);
                assertThat(r.contentType()).isEqualTo("application/json");
                assertThat(r.body()).isEqualTo(requests.get(0).body());
            });
            JsonNode body = JSON.readTree(requests.get(0).body());
            assertThat(body.get("id").asText()).isEqualTo(id);
            assertThat(body.get("tenant").asText()).isEqualTo(ACME);
            assertThat(body.get("subject").asText()).isEqualTo("hook-1");
            assertThat(body.get("state").asText()).isEqualTo("firing");
            assertThat(body.get("value").asDouble()).isEqualTo(95.0);
            assertThat(body.get("since").asText()).isEqualTo(at(0).toString());
            assertThat(body.get("rule").get("id").asText()).isEqualTo(rule);
            assertThat(body.get("rule").get("name").asText()).isEqualTo(name);
            assertThat(body.get("rule").get("severity").asText()).isEqualTo("critical");
            assertThat(body.get("rule").get("labels").get("team").asText()).isEqualTo("edge");
            assertThat(notification(id)).isEqualTo("delivered:3");
            assertThat(count("retried") - retriedBefore).isGreaterThanOrEqualTo(2);
            assertThat(count("delivered") - deliveredBefore).isGreaterThanOrEqualTo(1);

            // When evaluated again without a change and delivered much later, then nothing new is sent
            assertThat(support.evaluate(ACME, rule, at(60))).isZero();
            deliverer.deliverDue(at(3600));
            assertThat(receiver.requests()).hasSize(3);

            // When the buffer drains, then the resolution is sent once, with its own id
            data.execute("UPDATE devices SET buffer_bytes = 10 WHERE tenant = ? AND device_id = 'hook-1' AND fleet = ?",
                    ACME, fleet);
            assertThat(support.evaluate(ACME, rule, at(120))).isEqualTo(1);
            deliverer.deliverDue(at(120));
            deliverer.deliverDue(at(3600));
            assertThat(receiver.requests()).hasSize(4);
            JsonNode resolved = JSON.readTree(receiver.requests().get(3).body());
            assertThat(resolved.get("state").asText()).isEqualTo("resolved");
            assertThat(resolved.get("subject").asText()).isEqualTo("hook-1");
            assertThat(resolved.get("since").asText()).isEqualTo(at(120).toString());
            assertThat(resolved.get("transition").asLong()).isEqualTo(2);
            assertThat(resolved.get("id").asText()).isNotEqualTo(id).isEqualTo(receiver.requests().get(3).idempotencyKey());
        }
    }

    @Test
    void shouldGiveUpAfterTheMaxAgeAndAtOnceOnAReceiverRefusingTheBody() throws Exception {
        // Given one receiver that always answers 503 and one that answers 400
        try (WebhookReceiver down = WebhookReceiver.start(n -> 503);
             WebhookReceiver refusing = WebhookReceiver.start(n -> 400)) {
            data.device(ACME, "lost-1", fleet, T0, "1.0", 990.0, 1000.0, 0.0, 0.0);
            String toDown = create(ACME_OPERATOR, Map.of("name", TestData.unique("down"), "kind", "buffer_above",
                    "threshold", 90, "fleet", fleet, "webhook", down.url()));
            String toRefusing = create(ACME_OPERATOR, Map.of("name", TestData.unique("refusing"), "kind",
                    "buffer_above", "threshold", 90, "fleet", fleet, "webhook", refusing.url()));
            double failedBefore = count("failed");
            support.evaluate(ACME, toDown, at(0));
            support.evaluate(ACME, toRefusing, at(0));

            // When delivered now and after the max age (24h)
            deliverer.deliverDue(at(0));
            assertThat(refusing.requests()).hasSize(1);
            assertThat(down.requests()).hasSize(1);
            deliverer.deliverDue(at(25 * 3600));
            deliverer.deliverDue(at(26 * 3600));

            // Then the 400 was not retried, the 503 was tried once more and given up; both are failed and counted
            assertThat(refusing.requests()).hasSize(1);
            assertThat(down.requests()).hasSize(2);
            assertThat(notificationOfRule(toRefusing)).isEqualTo("failed:1");
            assertThat(notificationOfRule(toDown)).isEqualTo("failed:2");
            assertThat(count("failed") - failedBefore).isGreaterThanOrEqualTo(2);
            io.restassured.RestAssured.given().when().get("/q/metrics").then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("edgeobs_query_alert_notifications_total{outcome=\"failed\""))
                    .body(org.hamcrest.Matchers.containsString("edgeobs_query_alert_evaluation_errors_total"));

            // When the retention (30 days) has passed, then both are deleted from the outbox
            assertThat(deliverer.purge(at(31 * 24 * 3600))).isGreaterThanOrEqualTo(2);
            assertThat(notificationOfRule(toDown)).isNull();
            assertThat(notificationOfRule(toRefusing)).isNull();
        }
    }

    @Test
    void shouldNotifyOnceWhenTwoReplicasEvaluateAndDeliverAtTheSameTime() throws Exception {
        // Given a slow receiver, a firing device, and a second deliverer as another replica would have
        try (WebhookReceiver receiver = WebhookReceiver.start(n -> {
            sleep(300);
            return 200;
        })) {
            data.device(ACME, "twin-1", fleet, T0, "1.0", 999.0, 1000.0, 0.0, 0.0);
            String rule = create(ACME_OPERATOR, Map.of("name", TestData.unique("twins"), "kind", "buffer_above",
                    "threshold", 90, "fleet", fleet, "webhook", receiver.url()));
            AlertRule r = store.get(ACME, rule).rule();
            WebhookDeliverer other = new WebhookDeliverer(db, config, new SimpleMeterRegistry());

            // When both evaluate the rule at once, and then both deliver at once
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> evaluations = pool.invokeAll(List.of(() -> evaluator.evaluate(r, at(0)),
                        () -> evaluator.evaluate(r, at(0))));
                int transitions = 0;
                for (Future<Integer> f : evaluations) {
                    transitions += Math.max(0, f.get());
                }
                assertThat(transitions).isEqualTo(1);
                pool.invokeAll(List.of(() -> deliverer.deliverDue(at(1)), () -> other.deliverDue(at(1))));
            } finally {
                pool.shutdownNow();
            }

            // Then one notification was stored and sent once
            assertThat(notificationOfRule(rule)).isEqualTo("delivered:1");
            assertThat(receiver.requests()).hasSize(1);
            deliverer.deliverDue(at(3600));
            other.deliverDue(at(3600));
            assertThat(receiver.requests()).hasSize(1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // the receiver is slow on purpose: the other replica must skip, not wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private double count(String outcome) {
        return registry.counter("edgeobs.query.alert.notifications", "outcome", outcome).count();
    }

    private String notification(String id) throws Exception {
        return one("SELECT status || ':' || attempts FROM query.alert_notifications WHERE id = ?", id);
    }

    private String notificationOfRule(String rule) throws Exception {
        return one("SELECT string_agg(status || ':' || attempts, ',') FROM query.alert_notifications WHERE rule_id = ?",
                rule);
    }

    private String one(String sql, String param) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}

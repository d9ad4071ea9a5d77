package io.edgeobs.query.jaeger;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** Trace search, lookups by several ids, services, operations and dependencies of the Jaeger v1 and v3 APIs. */
@QuarkusTest
@TestProfile(QueryTestProfile.class)
class JaegerSearchTest {

    @Inject
    DataSource db;

    TestData data;
    String svc;
    Instant base;
    String t1;
    String t2;
    String t3;
    String shortOne;
    String otherOp;
    String otherCustomer;
    String tooEarly;

    @BeforeEach
    void traces() {
        data = new TestData(db);
        svc = TestData.unique("checkout");
        base = Spans.base();
        t1 = trace("work", base.plus(Duration.ofMinutes(1)), Duration.ofSeconds(2), "c1", "unset");
        t2 = trace("work", base.plus(Duration.ofMinutes(2)), Duration.ofSeconds(3), "c1", "unset");
        t3 = trace("work", base.plus(Duration.ofMinutes(3)), Duration.ofSeconds(4), "c1", "ok");
        shortOne = trace("work", base.plus(Duration.ofMinutes(4)), Duration.ofMillis(10), "c1", "unset");
        otherOp = trace("other", base.plus(Duration.ofMinutes(5)), Duration.ofSeconds(5), "c1", "unset");
        otherCustomer = trace("work", base.plus(Duration.ofMinutes(6)), Duration.ofSeconds(5), "c2", "error");
        tooEarly = trace("work", base.minus(Duration.ofHours(2)), Duration.ofSeconds(5), "c1", "unset");
    }

    /** A trace of a server span of {@code svc} and a short client span under it (operation "db"). */
    private String trace(String operation, Instant start, Duration duration, String customer, String status) {
        String id = Spans.traceId();
        String root = Spans.spanId();
        data.span("acme", "dev-1", id, root, null, svc, operation, "server", start, duration, status,
                "{\"customer\": \"" + customer + "\"}");
        data.span("acme", "dev-1", id, Spans.spanId(), root, svc, "db", "client", start.plusMillis(1),
                Duration.ofMillis(1), "unset", "{}");
        return id;
    }

    private io.restassured.specification.RequestSpecification acme() {
        return given().header("X-API-Key", TestKeys.ACME_VIEWER);
    }

    @Test
    void shouldFindMatchingTracesNewestFirstUpToTheLimitWithAllTheirSpans() {
        // When searching by service, operation, tag and minimum duration with a limit of 2
        JsonPath found = acme()
                .queryParam("service", svc).queryParam("operation", "work").queryParam("tag", "customer:c1")
                .queryParam("minDuration", "1s").queryParam("limit", 2)
                .queryParam("start", Spans.micros(base)).queryParam("end", Spans.micros(base.plus(Duration.ofMinutes(10))))
                .queryParam("lookback", "custom")
                .when().get("/api/traces").then().statusCode(200).extract().jsonPath();

        // Then the two newest matching traces come back, each whole (the client span matched nothing itself)
        assertThat(found.getList("data.traceID")).containsExactly(t3, t2);
        assertThat(found.getList("data[0].spans.operationName")).containsExactly("work", "db");
        assertThat(found.getInt("total")).isEqualTo(2);
        assertThat((Object) found.get("errors")).isNull();

        // tags as JSON and a maximum duration, without limit: the traces of 2 s and 3 s
        found = acme().queryParam("service", svc).queryParam("tags", "{\"customer\":\"c1\"}")
                .queryParam("operation", "work").queryParam("minDuration", "1.5s").queryParam("maxDuration", "3500ms")
                .queryParam("start", Spans.micros(base)).queryParam("end", Spans.micros(base.plus(Duration.ofMinutes(10))))
                .when().get("/api/traces").then().statusCode(200).extract().jsonPath();
        assertThat(found.getList("data.traceID")).containsExactly(t2, t1);

        // error=true (a tag Jaeger makes of the status), and the other spellings of kind and status
        assertThat(search(Map.of("tag", "error:true"))).containsExactly(otherCustomer);
        assertThat(search(Map.of("tags", "{\"otel.status_code\":\"OK\"}"))).containsExactly(t3);
        assertThat(search(Map.of("tag", "span.kind:server", "operation", "other"))).containsExactly(otherOp);
        assertThat(search(Map.of("tag", "device_id:dev-1", "minDuration", "4s")))
                .containsExactly(otherCustomer, otherOp, t3);
        // the lookback of the Jaeger UI when no start is given: only the hour before end
        assertThat(acme().queryParam("service", svc).queryParam("lookback", "1h")
                .queryParam("end", Spans.micros(base.minus(Duration.ofMinutes(90))))
                .when().get("/api/traces").then().statusCode(200).extract().jsonPath().getList("data.traceID"))
                .containsExactly(tooEarly);
    }

    private List<String> search(Map<String, String> params) {
        return acme().queryParam("service", svc).queryParams(params)
                .queryParam("start", Spans.micros(base)).queryParam("end", Spans.micros(base.plus(Duration.ofMinutes(10))))
                .when().get("/api/traces").then().statusCode(200).extract().jsonPath().getList("data.traceID");
    }

    @Test
    void shouldPutIdsItDoesNotHaveIntoErrors() {
        String missing = Spans.traceId();
        acme().queryParam("traceID", t1).queryParam("traceID", missing.toUpperCase()).queryParam("traceID", t2)
                .when().get("/api/traces").then().statusCode(200)
                .body("data.traceID", equalTo(List.of(t1, t2)))
                .body("data[0].spans", hasSize(2))
                .body("errors", hasSize(1))
                .body("errors[0].code", equalTo(404))
                .body("errors[0].msg", equalTo("trace not found"))
                .body("errors[0].traceID", equalTo(missing));
    }

    @Test
    void shouldListServicesAndOperations() {
        acme().when().get("/api/services").then().statusCode(200)
                .body("data", hasItem(svc)).body("limit", equalTo(0)).body("offset", equalTo(0))
                .body("errors", nullValue());
        List<String> services = acme().when().get("/api/services").then().extract().jsonPath().getList("data");
        assertThat(services).isSorted().doesNotHaveDuplicates();
        assertThat(acme().when().get("/api/services").then().extract().jsonPath().getInt("total"))
                .isEqualTo(services.size());

        acme().when().get("/api/services/" + svc + "/operations").then().statusCode(200)
                .body("data", equalTo(List.of("db", "other", "work"))).body("total", equalTo(3));
        acme().queryParam("service", svc).queryParam("spanKind", "server").when().get("/api/operations")
                .then().statusCode(200)
                .body("data", equalTo(List.of(Map.of("name", "other", "spanKind", "server"),
                        Map.of("name", "work", "spanKind", "server"))));
        acme().queryParam("service", svc).when().get("/api/operations").then().statusCode(200)
                .body("data.name", equalTo(List.of("db", "other", "work")))
                .body("data.spanKind", equalTo(List.of("client", "server", "server")));
        acme().when().get("/api/services/" + TestData.unique("nothing") + "/operations").then().statusCode(200)
                .body("data", hasSize(0)).body("total", equalTo(0));

        // v3
        acme().when().get("/api/v3/services").then().statusCode(200).body("services", hasItem(svc));
        acme().queryParam("service", svc).queryParam("span_kind", "client").when().get("/api/v3/operations")
                .then().statusCode(200).body("operations", equalTo(List.of(Map.of("name", "db", "spanKind", "client"))));
    }

    @Test
    void shouldCountCallsBetweenServicesInTheWindow() {
        // Given, in a window no other test uses: X calls Y twice, Y calls Z once, X calls itself (not a dependency)
        Instant at = Spans.base(2019);
        String x = TestData.unique("x");
        String y = TestData.unique("y");
        String z = TestData.unique("z");
        for (int i = 0; i < 2; i++) {
            String id = Spans.traceId();
            String root = Spans.spanId();
            String self = Spans.spanId();
            String callee = Spans.spanId();
            data.span("acme", "d", id, root, null, x, "in", "server", at.plusSeconds(i), Duration.ofMillis(9), "unset", "{}");
            data.span("acme", "d", id, self, root, x, "out", "client", at.plusSeconds(i), Duration.ofMillis(8), "unset", "{}");
            data.span("acme", "d", id, callee, self, y, "in", "server", at.plusSeconds(i), Duration.ofMillis(7), "unset", "{}");
            if (i == 0) {
                data.span("acme", "d", id, Spans.spanId(), callee, z, "in", "server", at.plusSeconds(i),
                        Duration.ofMillis(1), "unset", "{}");
            }
        }
        // and a call long before the window
        String old = Spans.traceId();
        String oldRoot = Spans.spanId();
        data.span("acme", "d", old, oldRoot, null, x, "in", "server", at.minus(Duration.ofDays(3)), Duration.ofMillis(1), "unset", "{}");
        data.span("acme", "d", old, Spans.spanId(), oldRoot, z, "in", "server", at.minus(Duration.ofDays(3)),
                Duration.ofMillis(1), "unset", "{}");

        // When asking for the hour up to a minute after them (ms, as the Jaeger UI and Grafana send)
        acme().queryParam("endTs", at.plusSeconds(60).toEpochMilli()).queryParam("lookback", 3_600_000)
                .when().get("/api/dependencies").then().statusCode(200)
                .body("data", equalTo(List.of(Map.of("parent", x, "child", y, "callCount", 2),
                        Map.of("parent", y, "child", z, "callCount", 1))))
                .body("total", equalTo(2));
        // only the calls from or to one service
        acme().queryParam("endTs", at.plusSeconds(60).toEpochMilli()).queryParam("lookback", 3_600_000)
                .queryParam("service", z)
                .when().get("/api/dependencies").then().statusCode(200)
                .body("data", equalTo(List.of(Map.of("parent", y, "child", z, "callCount", 1))));
        // Then the default lookback (24 h) does not reach the old call either; 4 days does
        acme().queryParam("endTs", at.plusSeconds(60).toEpochMilli())
                .when().get("/api/dependencies").then().statusCode(200).body("data", hasSize(2));
        acme().queryParam("endTs", at.plusSeconds(60).toEpochMilli()).queryParam("lookback", 4 * 86_400_000L)
                .when().get("/api/dependencies").then().statusCode(200)
                .body("data.findAll { it.parent == '" + x + "' && it.child == '" + z + "' }.callCount",
                        equalTo(List.of(1)));
    }

    @Test
    void shouldSearchAndSummarizeInV3() {
        String min = base.toString();
        String max = base.plus(Duration.ofMinutes(10)).toString();
        acme().queryParam("query.service_name", svc).queryParam("query.operation_name", "work")
                .queryParam("query.start_time_min", min).queryParam("query.start_time_max", max)
                .queryParam("query.duration_min", "1s").queryParam("query.num_traces", 2)
                .queryParam("query.attributes", "{\"customer\":\"c1\"}")
                .when().get("/api/v3/traces").then().statusCode(200)
                .body("result.resourceSpans", hasSize(2))
                .body("result.resourceSpans[0].scopeSpans[0].spans.traceId", equalTo(List.of(t3, t3)))
                .body("result.resourceSpans[1].scopeSpans[0].spans.traceId", equalTo(List.of(t2, t2)));
        // nothing found: an empty result, not an error
        acme().queryParam("query.serviceName", TestData.unique("none")).queryParam("query.startTimeMin", min)
                .queryParam("query.startTimeMax", max).when().get("/api/v3/traces").then().statusCode(200)
                .body("result.resourceSpans", hasSize(0));

        // the Jaeger UI's search page
        JsonPath summaries = acme().queryParam("query.serviceName", svc).queryParam("query.startTimeMin", min)
                .queryParam("query.startTimeMax", max).queryParam("query.searchDepth", 3)
                .when().get("/api/v3/trace-summaries").then().statusCode(200).extract().jsonPath();
        assertThat(summaries.getList("summaries.traceId")).containsExactly(otherCustomer, otherOp, shortOne);
        Instant start = base.plus(Duration.ofMinutes(6));
        assertThat(summaries.getMap("summaries[0]")).containsEntry("rootServiceName", svc)
                .containsEntry("rootOperationName", "work")
                .containsEntry("minStartTimeUnixNano", Long.toString(Spans.nanos(start)))
                .containsEntry("maxEndTimeUnixNano", Long.toString(Spans.nanos(start.plusSeconds(5))))
                .containsEntry("spanCount", 2).containsEntry("errorSpanCount", 1).containsEntry("orphanSpanCount", 0);
        assertThat(summaries.getList("summaries[0].services")).containsExactly(
                Map.of("name", svc, "spanCount", 2, "errorSpanCount", 1));
    }
}

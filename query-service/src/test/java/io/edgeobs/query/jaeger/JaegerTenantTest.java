package io.edgeobs.query.jaeger;

import io.edgeobs.query.testing.QueryTestProfile;
import io.edgeobs.query.testing.TestData;
import io.edgeobs.query.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/**
 * Globex's viewer asks for acme's traces every way the Jaeger APIs allow (by id, by a trace id both tenants have, by
 * service, by a search over every service, services, operations, dependencies, v3) and gets none of acme's rows.
 * Acme's viewer asking the same gets them, so each check would fail without the tenant in the SQL.
 */
@QuarkusTest
@TestProfile(QueryTestProfile.class)
class JaegerTenantTest {

    @Inject
    DataSource db;

    String acmeSvc;
    String acmeCallee;
    String globexSvc;
    String acmeOnly;
    String shared;
    Instant at;

    @BeforeEach
    void twoTenants() {
        TestData data = new TestData(db);
        acmeSvc = TestData.unique("acme_api");
        acmeCallee = TestData.unique("acme_db");
        globexSvc = TestData.unique("globex_api");
        at = Spans.base(2017);
        acmeOnly = Spans.traceId();
        shared = Spans.traceId();
        String root = Spans.spanId();
        data.span("acme", "acme-dev", acmeOnly, root, null, acmeSvc, "secret op", "server", at,
                Duration.ofSeconds(2), "error", "{\"customer\": \"wile-e\"}");
        data.span("acme", "acme-dev", acmeOnly, Spans.spanId(), root, acmeCallee, "query", "server", at.plusMillis(5),
                Duration.ofSeconds(1), "unset", "{}");
        // the same trace id in both tenants (ids are not secrets): each sees only its own spans
        String sharedRoot = Spans.spanId();
        data.span("acme", "acme-dev", shared, sharedRoot, null, acmeSvc, "secret op", "server", at.plusSeconds(1),
                Duration.ofSeconds(2), "unset", "{}");
        data.span("acme", "acme-dev", shared, Spans.spanId(), sharedRoot, acmeCallee, "query", "server",
                at.plusSeconds(1).plusMillis(5), Duration.ofSeconds(1), "unset", "{}");
        data.span("globex", "globex-dev", shared, Spans.spanId(), null, globexSvc, "own op", "server",
                at.plusSeconds(2), Duration.ofSeconds(1), "unset", "{}");
    }

    private static RequestSpecification as(String key) {
        return given().header("X-API-Key", key);
    }

    @Test
    void shouldNotShowAcmesTracesToGlobexById() {
        as(TestKeys.GLOBEX_VIEWER).when().get("/api/traces/" + acmeOnly).then().statusCode(404)
                .body("errors[0].msg", equalTo("trace not found"));
        as(TestKeys.ACME_VIEWER).when().get("/api/traces/" + acmeOnly).then().statusCode(200)
                .body("data[0].spans", hasSize(2));

        as(TestKeys.GLOBEX_VIEWER).when().get("/api/traces/" + shared).then().statusCode(200)
                .body("data[0].spans.operationName", equalTo(List.of("own op")))
                .body("data[0].processes.p1.serviceName", equalTo(globexSvc))
                .body("data[0].processes.size()", equalTo(1));
        as(TestKeys.ACME_VIEWER).when().get("/api/traces/" + shared).then().statusCode(200)
                .body("data[0].spans.operationName", equalTo(List.of("secret op", "query")));

        as(TestKeys.GLOBEX_VIEWER).queryParam("traceID", acmeOnly).queryParam("traceID", shared)
                .when().get("/api/traces").then().statusCode(200)
                .body("data.traceID", equalTo(List.of(shared))).body("data[0].spans", hasSize(1))
                .body("errors.traceID", equalTo(List.of(acmeOnly)));

        as(TestKeys.GLOBEX_VIEWER).when().get("/api/v3/traces/" + acmeOnly).then().statusCode(404);
        as(TestKeys.GLOBEX_VIEWER).when().get("/api/v3/traces/" + shared).then().statusCode(200)
                .body("result.resourceSpans", hasSize(1))
                .body("result.resourceSpans[0].scopeSpans[0].spans", hasSize(1));
        as(TestKeys.ACME_VIEWER).when().get("/api/v3/traces/" + acmeOnly).then().statusCode(200)
                .body("result.resourceSpans", hasSize(2));
    }

    @Test
    void shouldNotShowAcmesServicesOperationsOrSearchResultsToGlobex() {
        as(TestKeys.GLOBEX_VIEWER).when().get("/api/services").then().statusCode(200)
                .body("data", not(hasItem(acmeSvc))).body("data", hasItem(globexSvc));
        as(TestKeys.ACME_VIEWER).when().get("/api/services").then().statusCode(200)
                .body("data", hasItem(acmeSvc)).body("data", not(hasItem(globexSvc)));
        as(TestKeys.GLOBEX_VIEWER).when().get("/api/v3/services").then().statusCode(200)
                .body("services", not(hasItem(acmeSvc)));
        as(TestKeys.GLOBEX_VIEWER).when().get("/api/services/" + acmeSvc + "/operations").then().statusCode(200)
                .body("data", hasSize(0));
        as(TestKeys.GLOBEX_VIEWER).queryParam("service", acmeSvc).when().get("/api/operations").then()
                .statusCode(200).body("data", hasSize(0));
        as(TestKeys.GLOBEX_VIEWER).queryParam("service", acmeSvc).when().get("/api/v3/operations").then()
                .statusCode(200).body("operations", hasSize(0));
        as(TestKeys.ACME_VIEWER).when().get("/api/services/" + acmeSvc + "/operations").then().statusCode(200)
                .body("data", equalTo(List.of("secret op")));

        // a search by acme's service, and one over every service of the window
        long start = Spans.micros(at.minusSeconds(60));
        long end = Spans.micros(at.plusSeconds(60));
        as(TestKeys.GLOBEX_VIEWER).queryParam("service", acmeSvc).queryParam("start", start).queryParam("end", end)
                .when().get("/api/traces").then().statusCode(200).body("data", hasSize(0));
        as(TestKeys.GLOBEX_VIEWER).queryParam("start", start).queryParam("end", end).queryParam("tag", "error:true")
                .when().get("/api/traces").then().statusCode(200).body("data", hasSize(0));
        as(TestKeys.GLOBEX_VIEWER).queryParam("start", start).queryParam("end", end)
                .when().get("/api/traces").then().statusCode(200)
                .body("data.traceID", equalTo(List.of(shared))).body("data[0].spans", hasSize(1));
        as(TestKeys.ACME_VIEWER).queryParam("start", start).queryParam("end", end).queryParam("tag", "error:true")
                .when().get("/api/traces").then().statusCode(200).body("data.traceID", equalTo(List.of(acmeOnly)));
        as(TestKeys.GLOBEX_VIEWER).queryParam("query.start_time_min", at.minusSeconds(60).toString())
                .queryParam("query.start_time_max", at.plusSeconds(60).toString())
                .queryParam("query.attributes", "{\"customer\":\"wile-e\"}")
                .when().get("/api/v3/trace-summaries").then().statusCode(200).body("summaries", hasSize(0));
        as(TestKeys.ACME_VIEWER).queryParam("query.start_time_min", at.minusSeconds(60).toString())
                .queryParam("query.start_time_max", at.plusSeconds(60).toString())
                .queryParam("query.attributes", "{\"customer\":\"wile-e\"}")
                .when().get("/api/v3/trace-summaries").then().statusCode(200)
                .body("summaries.traceId", equalTo(List.of(acmeOnly)));
    }

    @Test
    void shouldNotCountAcmesCallsInGlobexsDependencies() {
        long endTs = at.plusSeconds(60).toEpochMilli();
        as(TestKeys.GLOBEX_VIEWER).queryParam("endTs", endTs).queryParam("lookback", 3_600_000)
                .when().get("/api/dependencies").then().statusCode(200).body("data", hasSize(0));
        as(TestKeys.ACME_VIEWER).queryParam("endTs", endTs).queryParam("lookback", 3_600_000)
                .when().get("/api/dependencies").then().statusCode(200)
                .body("data.findAll { it.parent == '" + acmeSvc + "' }.callCount", equalTo(List.of(2)));
    }
}

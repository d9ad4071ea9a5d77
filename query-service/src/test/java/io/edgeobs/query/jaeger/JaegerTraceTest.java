package io.edgeobs.query.jaeger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.query.testing.QueryTestProfile;
import io.edgeobs.query.testing.TestData;
import io.edgeobs.query.testing.TestKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** A trace read back by id, in Jaeger's v1 model and as OTLP JSON (v3), compared field by field. */
@QuarkusTest
@TestProfile(QueryTestProfile.class)
class JaegerTraceTest {

    @Inject
    DataSource db;
    @Inject
    ObjectMapper json;
    @TestHTTPResource("/")
    URL url;

    String svcA;
    String svcB;
    String trace;
    String root;
    String child;
    String grandchild;
    String cache;
    String linked;
    Instant base;

    @BeforeEach
    void multiServiceTrace() {
        TestData data = new TestData(db);
        svcA = TestData.unique("frontend");
        svcB = TestData.unique("inventory");
        trace = Spans.traceId();
        root = Spans.spanId();
        child = Spans.spanId();
        grandchild = Spans.spanId();
        cache = Spans.spanId();
        linked = Spans.traceId();
        base = Spans.base();
        // a root server span on A, a client span of A under it, a server span on B under that (an error), and an
        // internal span on B; inserted out of order
        data.span("acme", "dev-b", trace, cache, grandchild, svcB, "check cache", "internal",
                base.plusMillis(25), Duration.ofMillis(5), "ok", "{}");
        data.span("acme", "dev-b", trace, grandchild, child, svcB, "GET /stock", "server",
                base.plusMillis(20), Duration.ofNanos(50_000_999), "error", "{\"http.status_code\": \"503\"}");
        data.span("acme", "dev-a", trace, root, null, svcA, "GET /checkout", "server",
                base, Duration.ofMillis(120), "unset", "{\"http.method\": \"GET\", \"http.status_code\": \"200\"}");
        data.span("acme", "dev-a", trace, child, root, svcA, "call inventory", "client",
                base.plusMillis(10), Duration.ofMillis(80), "unset",
                "{\"peer.service\": \"inventory\", \"retries\": 2, \"ratio\": 0.5, \"cached\": false}");
        Spans.statusMessage(data, "acme", grandchild, "out of stock");
        Spans.events(data, "acme", grandchild, "[{\"time_unix_nanos\": " + Spans.nanos(base.plusMillis(30))
                + ", \"name\": \"db timeout\", \"tags\": {\"retry\": \"1\"}}]");
        Spans.links(data, "acme", child, "[{\"trace_id\": \"" + linked + "\", \"span_id\": \"00000000000000aa\","
                + " \"tags\": {}}]");
    }

    @Test
    void shouldReturnTheTraceInJaegersModel() throws Exception {
        long t0 = Spans.micros(base);
        String expected = """
                {"data": [{
                  "traceID": "%1$s",
                  "spans": [
                    {"traceID": "%1$s", "spanID": "%2$s", "operationName": "GET /checkout", "references": [],
                     "startTime": %6$d, "duration": 120000,
                     "tags": [{"key": "http.method", "type": "string", "value": "GET"},
                              {"key": "http.status_code", "type": "string", "value": "200"},
                              {"key": "span.kind", "type": "string", "value": "server"}],
                     "logs": [], "processID": "p1", "warnings": null},
                    {"traceID": "%1$s", "spanID": "%3$s", "operationName": "call inventory",
                     "references": [{"refType": "CHILD_OF", "traceID": "%1$s", "spanID": "%2$s"},
                                    {"refType": "FOLLOWS_FROM", "traceID": "%7$s", "spanID": "00000000000000aa"}],
                     "startTime": %8$d, "duration": 80000,
                     "tags": [{"key": "cached", "type": "bool", "value": false},
                              {"key": "peer.service", "type": "string", "value": "inventory"},
                              {"key": "ratio", "type": "float64", "value": 0.5},
                              {"key": "retries", "type": "int64", "value": 2},
                              {"key": "span.kind", "type": "string", "value": "client"}],
                     "logs": [], "processID": "p1", "warnings": null},
                    {"traceID": "%1$s", "spanID": "%4$s", "operationName": "GET /stock",
                     "references": [{"refType": "CHILD_OF", "traceID": "%1$s", "spanID": "%3$s"}],
                     "startTime": %9$d, "duration": 50000,
                     "tags": [{"key": "http.status_code", "type": "string", "value": "503"},
                              {"key": "span.kind", "type": "string", "value": "server"},
                              {"key": "otel.status_code", "type": "string", "value": "ERROR"},
                              {"key": "otel.status_description", "type": "string", "value": "out of stock"},
                              {"key": "error", "type": "bool", "value": true}],
                     "logs": [{"timestamp": %10$d, "fields": [{"key": "event", "type": "string", "value": "db timeout"},
                                                              {"key": "retry", "type": "string", "value": "1"}]}],
                     "processID": "p2", "warnings": null},
                    {"traceID": "%1$s", "spanID": "%5$s", "operationName": "check cache",
                     "references": [{"refType": "CHILD_OF", "traceID": "%1$s", "spanID": "%4$s"}],
                     "startTime": %11$d, "duration": 5000,
                     "tags": [{"key": "otel.status_code", "type": "string", "value": "OK"}],
                     "logs": [], "processID": "p2", "warnings": null}
                  ],
                  "processes": {
                    "p1": {"serviceName": "%12$s", "tags": [{"key": "device_id", "type": "string", "value": "dev-a"}]},
                    "p2": {"serviceName": "%13$s", "tags": [{"key": "device_id", "type": "string", "value": "dev-b"}]}
                  },
                  "warnings": null
                }],
                "total": 1, "limit": 0, "offset": 0, "errors": null}
                """.formatted(trace, root, child, grandchild, cache, t0, linked, t0 + 10_000, t0 + 20_000,
                t0 + 30_000, t0 + 25_000, svcA, svcB);

        // When the trace is read by id (an upper-case id is accepted)
        String body = given().header("X-API-Key", TestKeys.ACME_VIEWER)
                .when().get("/api/traces/" + trace.toUpperCase())
                .then().statusCode(200).contentType("application/json").extract().asString();

        // Then it is exactly Jaeger's model: µs times, CHILD_OF/FOLLOWS_FROM, typed tags, processes, lowercase ids
        assertThat(json.readTree(body)).isEqualTo(json.readTree(expected));
    }

    @Test
    void shouldNarrowALookupByStartAndEndInMillisecondsOrMicroseconds() {
        long ms = base.toEpochMilli();
        given().header("X-API-Key", TestKeys.ACME_VIEWER)
                .queryParam("start", ms - 1000).queryParam("end", ms + 1000)
                .when().get("/api/traces/" + trace)
                .then().statusCode(200).body("data[0].spans", hasSize(4)).body("data[0].traceID", equalTo(trace));
        given().header("X-API-Key", TestKeys.ACME_VIEWER)
                .queryParam("start", (ms - 1000) * 1000).queryParam("end", (ms + 1000) * 1000)
                .when().get("/api/traces/" + trace)
                .then().statusCode(200).body("data[0].spans", hasSize(4));
        // a window with none of its spans: not found, in Jaeger's envelope
        given().header("X-API-Key", TestKeys.ACME_VIEWER)
                .queryParam("start", ms + 3_600_000).queryParam("end", ms + 7_200_000)
                .when().get("/api/traces/" + trace)
                .then().statusCode(404).contentType("application/json")
                .body("data", nullValue()).body("errors[0].code", equalTo(404))
                .body("errors[0].msg", equalTo("trace not found"));
    }

    @Test
    void shouldAcceptABase64TraceIdAsJaegerDoes() {
        String b64 = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(trace));
        given().header("X-API-Key", TestKeys.ACME_VIEWER).when().get("/api/traces/" + b64)
                .then().statusCode(200).body("data[0].traceID", equalTo(trace));
        given().header("X-API-Key", TestKeys.ACME_VIEWER).when().get("/api/v3/traces/" + b64)
                .then().statusCode(200).body("result.resourceSpans[0].scopeSpans[0].spans[0].traceId", equalTo(trace));
    }

    @Test
    void shouldAnswer404InJaegersEnvelopeForAnUnknownId() throws Exception {
        String body = given().header("X-API-Key", TestKeys.ACME_VIEWER)
                .when().get("/api/traces/" + Spans.traceId())
                .then().statusCode(404).contentType("application/json").extract().asString();
        assertThat(json.readTree(body)).isEqualTo(json.readTree(
                "{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"code\":404,\"msg\":\"trace not found\"}]}"));
    }

    @Test
    void shouldReturnTheTraceAsOtlpJsonInV3() throws Exception {
        String body = given().header("X-API-Key", TestKeys.ACME_VIEWER)
                .when().get("/api/v3/traces/" + trace)
                .then().statusCode(200).contentType("application/json").extract().asString();
        JsonNode result = json.readTree(body).path("result").path("resourceSpans");

        // one resource per (service, device), in the order their first spans started
        assertThat(result).hasSize(2);
        assertThat(result.get(0).path("resource")).isEqualTo(json.readTree("""
                {"attributes": [{"key": "service.name", "value": {"stringValue": "%s"}},
                                {"key": "device.id", "value": {"stringValue": "dev-a"}}]}""".formatted(svcA)));
        assertThat(result.get(1).path("resource").path("attributes").get(0).path("value").path("stringValue").asText())
                .isEqualTo(svcB);
        JsonNode spansA = result.get(0).path("scopeSpans").get(0).path("spans");
        JsonNode spansB = result.get(1).path("scopeSpans").get(0).path("spans");
        assertThat(spansA).hasSize(2);
        assertThat(spansB).hasSize(2);
        long t0 = Spans.nanos(base);
        assertThat(spansA.get(0)).isEqualTo(json.readTree("""
                {"traceId": "%s", "spanId": "%s", "name": "GET /checkout", "kind": 2,
                 "startTimeUnixNano": "%d", "endTimeUnixNano": "%d",
                 "attributes": [{"key": "http.method", "value": {"stringValue": "GET"}},
                                {"key": "http.status_code", "value": {"stringValue": "200"}}],
                 "status": {}}""".formatted(trace, root, t0, t0 + 120_000_000)));
        assertThat(spansA.get(1).path("parentSpanId").asText()).isEqualTo(root);
        assertThat(spansA.get(1).path("kind").asInt()).isEqualTo(3);
        assertThat(spansA.get(1).path("attributes")).contains(json.readTree(
                "{\"key\": \"retries\", \"value\": {\"intValue\": \"2\"}}"), json.readTree(
                "{\"key\": \"cached\", \"value\": {\"boolValue\": false}}"), json.readTree(
                "{\"key\": \"ratio\", \"value\": {\"doubleValue\": 0.5}}"));
        assertThat(spansA.get(1).path("links")).isEqualTo(json.readTree(
                "[{\"traceId\": \"" + linked + "\", \"spanId\": \"00000000000000aa\"}]"));
        assertThat(spansB.get(0)).isEqualTo(json.readTree("""
                {"traceId": "%s", "spanId": "%s", "parentSpanId": "%s", "name": "GET /stock", "kind": 2,
                 "startTimeUnixNano": "%d", "endTimeUnixNano": "%d",
                 "attributes": [{"key": "http.status_code", "value": {"stringValue": "503"}}],
                 "events": [{"timeUnixNano": "%d", "name": "db timeout",
                             "attributes": [{"key": "retry", "value": {"stringValue": "1"}}]}],
                 "status": {"message": "out of stock", "code": 2}}""".formatted(trace, grandchild, child,
                t0 + 20_000_000, t0 + 20_000_000 + 50_000_999, t0 + 30_000_000)));
        assertThat(spansB.get(1).path("kind").asInt()).isEqualTo(1);
        assertThat(spansB.get(1).path("status")).isEqualTo(json.readTree("{\"code\": 1}"));

        // an unknown id: 404 with the body of Jaeger's gateway
        given().header("X-API-Key", TestKeys.ACME_VIEWER).when().get("/api/v3/traces/" + Spans.traceId())
                .then().statusCode(404).body("error.httpCode", equalTo(404))
                .body("error.message", equalTo("No traces found"));
        // startTime/endTime narrow it (RFC 3339)
        given().header("X-API-Key", TestKeys.ACME_VIEWER)
                .queryParam("start_time", base.plus(Duration.ofHours(1)).toString())
                .queryParam("end_time", base.plus(Duration.ofHours(2)).toString())
                .when().get("/api/v3/traces/" + trace).then().statusCode(404);
        given().header("X-API-Key", TestKeys.ACME_VIEWER)
                .queryParam("startTime", base.minusSeconds(1).toString())
                .queryParam("endTime", base.plusSeconds(1).toString())
                .when().get("/api/v3/traces/" + trace).then().statusCode(200).body("result.resourceSpans", hasSize(2));
    }

    @Test
    void shouldLookUpATraceByIdThroughTheTraceIdIndex() throws Exception {
        // the planner would scan the few rows of the test database anyway; forbidding that shows the index serves
        // the statement as bound (tenant, a bytea array of ids, the cap)
        StringBuilder plan = new StringBuilder();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL enable_seqscan = off");
            }
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + TraceStore.traceSql(false))) {
                ps.setString(1, "acme");
                ps.setArray(2, c.createArrayOf("bytea", new byte[][]{HexFormat.of().parseHex(trace)}));
                ps.setInt(3, 10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
            }
            c.rollback();
        }
        assertThat(plan.toString()).containsPattern("(Index|Index Only|Bitmap Index) Scan (using|on) spans_\\w*trace_id")
                .contains("trace_id = ANY");
    }

    @Test
    void shouldCutATraceAtTheSpanCapWithAWarning() throws Exception {
        // Given a trace of 10,001 spans, one µs apart (the cap is 10,000)
        String big = Spans.traceId();
        new TestData(db).execute("INSERT INTO spans (tenant, device_id, trace_id, span_id, parent_span_id, service,"
                + " operation, span_kind, start_time, duration_ns, status_code, status_message, tags, events, links)"
                + " SELECT 'acme', 'dev-big', ?, int8send(g), NULL, ?, 'step', 'internal',"
                + " ?::timestamptz + g * interval '1 microsecond', 1000, 'unset', '', '{}', '[]', '[]'"
                + " FROM generate_series(1, 10001) g", HexFormat.of().parseHex(big), svcA,
                java.sql.Timestamp.from(base));

        // Then the first 10,000 by start time come back, and the trace and its first span say it was cut
        JsonNode trace = json.readTree(get("api/traces/" + big)).path("data").get(0);
        assertThat(trace.path("spans")).hasSize(10_000);
        assertThat(trace.path("spans").get(9_999).path("spanID").asText()).isEqualTo("0000000000002710");
        assertThat(trace.path("warnings").get(0).asText()).contains("10001 spans").contains("first 10000");
        assertThat(trace.path("spans").get(0).path("warnings")).isEqualTo(trace.path("warnings"));
        assertThat(trace.path("spans").get(1).path("warnings").isNull()).isTrue();

        JsonNode spans = json.readTree(get("api/v3/traces/" + big)).path("result").path("resourceSpans").get(0)
                .path("scopeSpans").get(0).path("spans");
        assertThat(spans).hasSize(10_000);
        assertThat(spans.get(0).path("attributes").get(0).path("key").asText()).isEqualTo("@jaeger@warnings");
        assertThat(spans.get(0).path("attributes").get(0).path("value").path("arrayValue").path("values").get(0)
                .path("stringValue").asText()).contains("10001 spans");
    }

    /** A GET of a large body: REST Assured takes seconds to read 2 MB, the JDK client milliseconds. */
    private String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.toURI().resolve(path))
                .header("X-API-Key", TestKeys.ACME_VIEWER).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}

package io.edgeobs.agent.diag;

import io.edgeobs.agent.ingest.Ingest;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanKind;
import io.edgeobs.model.SpanStatus;
import io.edgeobs.model.Tags;
import io.edgeobs.model.TelemetryRecord;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/** The local diagnostics API over the agent's own store (test profile: 64 KiB segments, export to a file). */
@QuarkusTest
class DiagnosticsResourceTest {

    @Inject
    Ingest ingest;

    private final String run = UUID.randomUUID().toString().replace("-", "");
    private final long now = System.currentTimeMillis() * 1_000_000L;

    private void accept(Signal signal, List<? extends TelemetryRecord> records) {
        ingest.accept(signal, records).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void shouldFindAMetricByNameAndTagsReadingOnlyTheSegmentThatHoldsIt() {
        // Given several segments of other metrics, then the point we look for, then more of the others
        fill("before");
        accept(Signal.METRICS, List.of(MetricPoint.gauge("pump_temp_" + run, 42.5, now, Tags.of("pump", "p1")),
                MetricPoint.gauge("pump_temp_" + run, 17.0, now, Tags.of("pump", "p2"))));
        fill("after");

        // When
        JsonPath answer = given().queryParam("name", "pump_temp_" + run).queryParam("tags", "pump:p1")
                .get("/local/metrics").then().statusCode(200).extract().jsonPath();

        // Then exactly that point, and the index kept the read to the one segment holding that name
        assertThat(answer.getList("data.value", Double.class)).containsExactly(42.5);
        assertThat(answer.getString("data[0].tags.pump")).isEqualTo("p1");
        assertThat(answer.getString("data[0].kind")).isEqualTo("gauge");
        assertThat(answer.getInt("scanned.segmentsRead")).isEqualTo(1);
        assertThat(answer.getInt("scanned.segmentsHeld")).isGreaterThanOrEqualTo(3);

        // And once exported it is still there, marked delivered (local retention)
        await().atMost(Duration.ofSeconds(15)).until(() -> given().queryParam("name", "pump_temp_" + run)
                .get("/local/metrics").jsonPath().getList("data.delivered", Boolean.class).stream().allMatch(d -> d));
        given().queryParam("name", "pump_temp_*").queryParam("tags", "pump=p2").get("/local/metrics").then()
                .statusCode(200).body(containsString("\"value\":17.0"));
    }

    @Test
    void shouldFindLogsAtOrAboveALevelContainingAText() {
        accept(Signal.LOGS, List.of(LogRecord.of(now, LogLevel.DEBUG, "valve check " + run),
                LogRecord.of(now + 1, LogLevel.WARN, "Valve SLOW " + run),
                LogRecord.of(now + 2, LogLevel.ERROR, "valve stuck " + run),
                LogRecord.of(now + 3, LogLevel.ERROR, "pump ok " + run.substring(0, 8))));

        JsonPath answer = given().queryParam("level", "warn").queryParam("contains", run)
                .get("/local/logs").then().statusCode(200).extract().jsonPath();

        // newest first; case-insensitive; the debug line and the line without the text left out
        assertThat(answer.getList("data.message", String.class)).containsExactly("valve stuck " + run, "Valve SLOW " + run);
        assertThat(answer.getList("data.level", String.class)).containsExactly("error", "warn");
    }

    @Test
    void shouldReturnEverySpanOfATraceAndSayWhenThereIsNone() {
        // Given
        Id trace = Id.traceId(ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong());
        List<Span> spans = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            spans.add(Span.builder().traceId(trace).spanId(Id.spanId(i)).parentSpanId(i == 1 ? Id.EMPTY : Id.spanId(1))
                    .service("pump-ctl").operation("step " + i).kind(SpanKind.INTERNAL).startUnixNanos(now + i)
                    .durationNanos(1_000).status(i == 3 ? SpanStatus.error("jammed") : SpanStatus.OK).build());
        }
        accept(Signal.SPANS, spans);

        // When / Then
        JsonPath answer = given().get("/local/traces/" + trace.toHex()).then().statusCode(200).extract().jsonPath();
        assertThat(answer.getList("data.operation", String.class)).containsExactly("step 1", "step 2", "step 3");
        assertThat(answer.getList("data.parentSpanId", String.class)).containsExactly(null,
                Id.spanId(1).toHex(), Id.spanId(1).toHex());
        assertThat(answer.getString("data[2].status")).isEqualTo("error");
        assertThat(answer.getString("data[2].statusMessage")).isEqualTo("jammed");

        given().get("/local/traces/" + Id.traceId(1, 2).toHex()).then().statusCode(404)
                .body(containsString("no span of trace"));
    }

    @Test
    void shouldRefuseBadParametersNamingWhichAndWhy() {
        given().queryParam("limit", "0").get("/local/metrics").then().statusCode(400)
                .contentType("application/problem+json").body(containsString("limit must be a whole number from 1 to 5000"));
        given().queryParam("from", "yesterday").get("/local/logs").then().statusCode(400)
                .body(containsString("from must be an RFC 3339 time"));
        given().queryParam("from", "-1h").queryParam("to", "-2h").get("/local/logs").then().statusCode(400)
                .body(containsString("must be after from"));
        given().queryParam("tags", "nocolon").get("/local/metrics").then().statusCode(400)
                .body(containsString("tags must be key:value pairs"));
        given().queryParam("level", "loud").get("/local/logs").then().statusCode(400)
                .body(containsString("level must be one of"));
        given().get("/local/traces/not-hex").then().statusCode(400).body(containsString("32 hexadecimal digits"));
    }

    /** About three 64 KiB segments of metrics with other names. */
    private void fill(String tag) {
        for (int batch = 0; batch < 12; batch++) {
            List<MetricPoint> points = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                points.add(MetricPoint.gauge("filler_" + tag + "_" + batch + "_" + i + "_" + run, i, now,
                        Tags.of("instance", "localhost:9100", "job", "node")));
            }
            accept(Signal.METRICS, points);
        }
    }
}

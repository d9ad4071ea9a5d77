package io.edgeobs.agent.local;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** What a shell script does with curl. */
@QuarkusTest
class LocalResourceTest {

    @Inject
    MeterRegistry registry;

    @Test
    void shouldTakeMetricsAndLogsFromScripts() throws Exception {
        String pump = "p-" + UUID.randomUUID();
        double unparsableBefore = registry.counter("edgeobs.agent.records.rejected", "signal", "metrics",
                "reason", "unparsable").count();
        given().body("[{\"name\":\"pump_temp_celsius\",\"value\":41.5,\"tags\":{\"pump\":\"" + pump + "\"}},"
                        + "{\"name\":\"pump_starts_total\",\"value\":3,\"kind\":\"counter\",\"timestamp\":\"2026-11-25T10:00:00Z\"},"
                        + "{\"value\":1}]")
                .post("/local/v1/metrics").then().statusCode(200)
                .body("accepted", is(2)).body("rejected", is(1))
                .body("errors", hasItem(containsString("needs a \"name\"")));
        assertThat(registry.counter("edgeobs.agent.records.rejected", "signal", "metrics", "reason", "unparsable")
                .count()).isEqualTo(unparsableBefore + 1);
        given().body("{\"level\":\"warn\",\"msg\":\"valve slow " + pump + "\",\"valve\":3}")
                .post("/local/v1/logs").then().statusCode(200).body("accepted", is(1));

        Path export = Path.of("target/agent-data/export.jsonl");
        // metrics and logs are exported by separate loops: wait for this run's line of each
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(export)
                && Files.readString(export).contains("valve slow " + pump)
                && Files.readAllLines(export).stream().anyMatch(l -> l.contains("pump_temp_celsius") && l.contains(pump)));
        assertThat(Files.readAllLines(export)).filteredOn(l -> l.contains(pump) && l.contains("pump_temp_celsius"))
                .isNotEmpty().allSatisfy(l -> assertThat(l).contains("41.5"));
    }

    @Test
    void shouldExplainABodyThatIsNotJson() {
        given().body("{not json").contentType("application/json").post("/local/v1/metrics").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("not valid JSON"));
    }
}

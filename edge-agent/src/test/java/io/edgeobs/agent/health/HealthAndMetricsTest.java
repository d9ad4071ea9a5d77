package io.edgeobs.agent.health;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class HealthAndMetricsTest {

    @Test
    void shouldServeLiveness() {
        given()
                .when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", is("UP"));
    }

    @Test
    void shouldReportItsOwnReadinessCheck() {
        given()
                .when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("edge-agent"))
                .body("checks.find { it.name == 'edge-agent' }.status", is("UP"))
                .body("checks.find { it.name == 'edge-agent' }.data.device-id", is(org.hamcrest.Matchers.notNullValue()));
    }

    @Test
    void shouldServePrometheusMetricsWithBuildInfo() {
        given()
                .accept("text/plain; version=0.0.4")
                .when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("edgeobs_build_info{service=\"edge-agent\""))
                .body(containsString("jvm_memory_used_bytes"));
    }
}

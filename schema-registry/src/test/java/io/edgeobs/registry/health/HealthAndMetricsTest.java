package io.edgeobs.registry.health;

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
                .body("checks.name", hasItem("schema-registry"))
                .body("checks.find { it.name == 'schema-registry' }.status", is("UP"))
                .body("checks.find { it.name == 'schema-registry' }.data.default-compatibility", is(org.hamcrest.Matchers.notNullValue()));
    }

    @Test
    void shouldServePrometheusMetricsWithBuildInfo() {
        given()
                .accept("text/plain; version=0.0.4")
                .when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("edgeobs_build_info{service=\"schema-registry\""))
                .body(containsString("jvm_memory_used_bytes"));
    }
}

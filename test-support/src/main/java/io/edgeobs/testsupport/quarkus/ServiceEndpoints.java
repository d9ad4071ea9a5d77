package io.edgeobs.testsupport.quarkus;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * What every edgeobs service must serve, checked against the running application of a {@code @QuarkusTest}
 * (REST Assured is pointed at it by Quarkus): liveness, its own readiness check, and Prometheus metrics.
 */
public final class ServiceEndpoints {

    private ServiceEndpoints() {
    }

    /** {@code /q/health/live} answers 200 with status UP. */
    public static void assertLive() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    /** {@code /q/health/ready} is UP and holds the service's own check, UP, with the data item {@code dataKey}. */
    public static void assertReady(String checkName, String dataKey) {
        String check = "checks.find { it.name == '" + checkName + "' }";
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(checkName))
                .body(check + ".status", is("UP"))
                .body(check + ".data." + dataKey, notNullValue());
    }

    /** {@code /q/metrics} serves Prometheus text with {@code edgeobs_build_info} for the service and JVM metrics. */
    public static void assertPrometheusMetrics(String service) {
        given().accept("text/plain; version=0.0.4")
                .when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("edgeobs_build_info{service=\"" + service + "\""))
                .body(containsString("jvm_memory_used_bytes"));
    }
}

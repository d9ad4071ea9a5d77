package io.edgeobs.ingest.testing;

import static io.restassured.RestAssured.given;

/** The service's Prometheus metrics, as scraped. */
public final class Metrics {

    private Metrics() {
    }

    public static String scrape() {
        return given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}

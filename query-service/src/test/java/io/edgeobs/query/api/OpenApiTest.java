package io.edgeobs.query.api;

import io.edgeobs.query.testing.QueryTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The API documents itself: OpenAPI at /q/openapi (no key needed) lists every endpoint, Swagger UI serves it. */
@QuarkusTest
@TestProfile(QueryTestProfile.class)
class OpenApiTest {

    @Test
    void shouldDescribeTheEndpointsInOpenApiAndServeSwaggerUi() {
        Map<String, Object> paths = given().accept("application/json").when().get("/q/openapi?format=json").then()
                .statusCode(200).extract().jsonPath().getMap("paths");
        assertThat(paths).containsKeys("/api/v1/admin/keys", "/api/v1/admin/keys/{id}", "/api/v1/whoami");
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}

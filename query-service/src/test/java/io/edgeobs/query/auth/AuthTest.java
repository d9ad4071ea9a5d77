package io.edgeobs.query.auth;

import io.edgeobs.query.testing.QueryTestProfile;
import io.edgeobs.query.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@TestProfile(QueryTestProfile.class)
class AuthTest {

    @Inject
    DataSource db;

    @Test
    void shouldAnswer401WithoutAKeyAndWithAnUnknownOneAndLeaveHealthOpen() {
        given().when().get("/api/v1/admin/keys").then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401)).body("detail", containsString("X-API-Key"));
        given().header("X-API-Key", "not-a-key-of-this-service").when().get("/api/v1/admin/keys").then().statusCode(401)
                .body("detail", containsString("unknown API key"));
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void shouldAnswer403ForARoleBelowTheEndpoints() {
        given().header("X-API-Key", TestKeys.ACME_VIEWER).when().get("/api/v1/admin/keys").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("needs the admin role")).body("detail", containsString("has viewer"));
        given().header("X-API-Key", TestKeys.ACME_OPERATOR).when().get("/api/v1/admin/keys").then().statusCode(403);
    }

    @Test
    void shouldMakeAKeyShowItOnceStoreOnlyItsHashAndRevokeIt() throws Exception {
        // Given an admin of acme makes a viewer key
        Map<String, Object> made = given().header("X-API-Key", TestKeys.ACME_ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "ci reader", "role", "viewer"))
                .when().post("/api/v1/admin/keys").then().statusCode(201)
                .body("tenant", equalTo("acme")).body("role", equalTo("viewer")).body("key", startsWith("eoq_"))
                .extract().as(Map.class);
        String secret = (String) made.get("key");
        String id = (String) made.get("id");

        // Then the key works (Bearer and Basic too), the listing never shows secrets, and the database has only a hash
        given().header("Authorization", "Bearer " + secret).when().get("/api/v1/whoami").then().statusCode(200)
                .body("tenant", equalTo("acme")).body("role", equalTo("viewer")).body("keyId", equalTo(id));
        given().header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("grafana:" + secret).getBytes()))
                .when().get("/api/v1/whoami").then().statusCode(200).body("keyId", equalTo(id));
        given().header("X-API-Key", TestKeys.ACME_ADMIN).when().get("/api/v1/admin/keys").then().statusCode(200)
                .body("id", hasItem(id)).body("key", not(hasItem(secret)))
                .body("find { it.id == '" + id + "' }.key", nullValue());
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT string_agg(encode(key_hash, 'escape') || prefix || name, '|') FROM query.api_keys")) {
            rs.next();
            assertThat(rs.getString(1)).doesNotContain(secret);
        }

        // When it is revoked, then it is refused with 403
        given().header("X-API-Key", TestKeys.ACME_ADMIN).when().delete("/api/v1/admin/keys/" + id).then().statusCode(200)
                .body("revokedAt", not(nullValue()));
        given().header("X-API-Key", secret).when().get("/api/v1/whoami").then().statusCode(403)
                .body("detail", containsString("revoked"));
    }

    @Test
    void shouldKeepKeyManagementInsideTheAdminsTenant() {
        // Given a key of acme
        String id = given().header("X-API-Key", TestKeys.ACME_ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "acme only", "role", "operator"))
                .when().post("/api/v1/admin/keys").then().statusCode(201).extract().path("id");

        // Then globex's admin neither lists nor revokes it
        List<String> globexIds = given().header("X-API-Key", TestKeys.GLOBEX_ADMIN).when().get("/api/v1/admin/keys")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(globexIds).doesNotContain(id).isNotEmpty();
        given().header("X-API-Key", TestKeys.GLOBEX_ADMIN).when().delete("/api/v1/admin/keys/" + id).then().statusCode(404);
        given().header("X-API-Key", TestKeys.GLOBEX_ADMIN).when().get("/api/v1/admin/keys").then()
                .body("tenant", not(hasItem("acme")));
    }

    @Test
    void shouldRefuseABadKeyRequestNamingTheField() {
        given().header("X-API-Key", TestKeys.ACME_ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "role", "root")).when().post("/api/v1/admin/keys").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("role"))
                .body("detail", containsString("viewer, operator or admin"));
        given().header("X-API-Key", TestKeys.ACME_ADMIN).contentType(ContentType.JSON).body("{\"name\": ")
                .when().post("/api/v1/admin/keys").then().statusCode(400).body("parameter", equalTo("body"));
    }
}

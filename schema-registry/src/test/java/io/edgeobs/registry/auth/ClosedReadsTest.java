package io.edgeobs.registry.auth;

import io.edgeobs.testsupport.postgres.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** With reads closed, reading needs the reader (or admin) token; health and metrics stay open. */
@QuarkusTest
@TestProfile(ClosedReadsTest.ClosedReads.class)
@WithTestResource(PostgresResource.class)
class ClosedReadsTest {

    public static class ClosedReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edgeobs.registry.auth.reads-open", "false");
        }
    }

    @Test
    void shouldNeedAReaderTokenToRead() {
        given().get("/subjects").then().statusCode(401).body("error_code", is(40101));
        given().header("Authorization", "Bearer not-a-token").get("/schemas/types").then().statusCode(401);
        given().header("Authorization", "Bearer test-reader-token").get("/subjects")
                .then().statusCode(200).body("$", hasItem("edgeobs.spans"));
        given().header("Authorization", "Bearer test-admin-token").get("/schemas/types").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }
}

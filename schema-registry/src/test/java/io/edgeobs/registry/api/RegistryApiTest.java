package io.edgeobs.registry.api;

import io.edgeobs.testsupport.postgres.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** The Confluent REST subset on real PostgreSQL: every endpoint and error code, with the bodies clients parse. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RegistryApiTest {

    static final String V1 = "application/vnd.schemaregistry.v1+json";
    static final String PROTO_V1 = "syntax = \"proto3\";\npackage acme.v1;\nmessage Reading {\n  string sensor = 1;\n  double value = 2;\n}\n";
    static final String PROTO_V1_REFORMATTED = "// a comment\nsyntax = \"proto3\";  package acme.v1;\n\n"
            + "message Reading { string sensor = 1;\n  /* unit: bar */\n double   value=2; }";
    static final String PROTO_V2 = PROTO_V1.replace("}\n", "  int64 at = 3;\n}\n");
    static final String PROTO_BROKEN = PROTO_V1.replace("double value = 2;", "string value = 2;");

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token").contentType(V1);
    }

    static Map<String, String> proto(String schema) {
        return Map.of("schemaType", "PROTOBUF", "schema", schema);
    }

    @Test
    void shouldRegisterIdempotentlyAndServeEveryReadEndpoint() {
        // Given
        int id = admin().body(proto(PROTO_V1)).post("/subjects/reg-read/versions")
                .then().statusCode(200).contentType(V1).extract().path("id");

        // When the same schema is registered again, reformatted and commented
        admin().body(proto(PROTO_V1_REFORMATTED)).post("/subjects/reg-read/versions")
                .then().statusCode(200).body("id", is(id));
        int id2 = admin().body(proto(PROTO_V2)).post("/subjects/reg-read/versions")
                .then().statusCode(200).extract().path("id");

        // Then
        given().get("/subjects").then().statusCode(200).body("$", hasItems("reg-read", "edgeobs.metrics"));
        given().get("/subjects/reg-read/versions").then().statusCode(200).body("$", contains(1, 2));
        given().get("/subjects/reg-read/versions/1").then().statusCode(200)
                .body("subject", is("reg-read")).body("version", is(1)).body("id", is(id))
                .body("schemaType", is("PROTOBUF")).body("schema", is(PROTO_V1));
        given().get("/subjects/reg-read/versions/latest").then().statusCode(200).body("version", is(2)).body("id", is(id2));
        given().get("/subjects/reg-read/versions/2/schema").then().statusCode(200).body(is(PROTO_V2));
        given().get("/schemas/ids/" + id).then().statusCode(200).body("schema", is(PROTO_V1)).body("schemaType", is("PROTOBUF"));
        given().get("/schemas/types").then().statusCode(200).body("$", contains("JSON", "PROTOBUF"));
        given().contentType(V1).body(proto(PROTO_V1_REFORMATTED)).post("/subjects/reg-read")
                .then().statusCode(200).body("version", is(1)).body("id", is(id));
    }

    @Test
    void shouldGiveTheSameIdForTheSameSchemaInAnotherSubject() {
        int a = admin().body(proto(PROTO_V1)).post("/subjects/shared-a/versions").then().statusCode(200).extract().path("id");
        int b = admin().body(proto(PROTO_V1)).post("/subjects/shared-b/versions").then().statusCode(200).extract().path("id");
        org.assertj.core.api.Assertions.assertThat(b).isEqualTo(a);
    }

    @Test
    void shouldRefuseAnIncompatibleSchemaWith409AndExplainIt() {
        admin().body(proto(PROTO_V1)).post("/subjects/reg-incompat/versions").then().statusCode(200);

        admin().body(proto(PROTO_BROKEN)).post("/subjects/reg-incompat/versions")
                .then().statusCode(409).contentType(V1).body("error_code", is(409))
                .body("message", containsString("message acme.v1.Reading field 2 (value): changed type from double to string"));
        given().contentType(V1).body(proto(PROTO_BROKEN)).post("/compatibility/subjects/reg-incompat/versions/latest?verbose=true")
                .then().statusCode(200).body("is_compatible", is(false))
                .body("messages", hasItem("message acme.v1.Reading field 2 (value): changed type from double to string"));
        given().contentType(V1).body(proto(PROTO_V2)).post("/compatibility/subjects/reg-incompat/versions/1")
                .then().statusCode(200).body("is_compatible", is(true));
    }

    @Test
    void shouldAnswerConfluentErrorCodes() {
        admin().body(proto(PROTO_V1)).post("/subjects/reg-errors/versions").then().statusCode(200);

        given().get("/subjects/no-such-subject/versions").then().statusCode(404).body("error_code", is(40401));
        given().get("/subjects/reg-errors/versions/99").then().statusCode(404).body("error_code", is(40402));
        given().get("/schemas/ids/999999").then().statusCode(404).body("error_code", is(40403));
        given().contentType(V1).body(proto(PROTO_V2)).post("/subjects/reg-errors")
                .then().statusCode(404).body("error_code", is(40403));
        given().get("/config/reg-errors").then().statusCode(404).body("error_code", is(40408));
        admin().body(proto("syntax = \"proto3\"; message {")).post("/subjects/reg-errors/versions")
                .then().statusCode(422).body("error_code", is(42201)).body("message", containsString("Invalid schema"));
        admin().body(Map.of("schema", "{}")).post("/subjects/reg-errors/versions")
                .then().statusCode(422).body("error_code", is(42201)).body("message", containsString("AVRO"));
        given().get("/subjects/reg-errors/versions/zero").then().statusCode(422).body("error_code", is(42202));
        admin().body(Map.of("compatibility", "SIDEWAYS")).put("/config")
                .then().statusCode(422).body("error_code", is(42203));
    }

    @Test
    void shouldSoftThenPermanentlyDelete() {
        admin().body(proto(PROTO_V1)).post("/subjects/reg-delete/versions").then().statusCode(200);
        admin().body(proto(PROTO_V2)).post("/subjects/reg-delete/versions").then().statusCode(200);

        // a permanent delete needs a soft delete first
        admin().delete("/subjects/reg-delete/versions/1?permanent=true").then().statusCode(404).body("error_code", is(40407));
        admin().delete("/subjects/reg-delete/versions/1").then().statusCode(200).body(is("1"));
        given().get("/subjects/reg-delete/versions").then().body("$", contains(2));
        given().get("/subjects/reg-delete/versions?deleted=true").then().body("$", contains(1, 2));
        admin().delete("/subjects/reg-delete/versions/1?permanent=true").then().statusCode(200);
        given().get("/subjects/reg-delete/versions?deleted=true").then().body("$", contains(2));

        admin().delete("/subjects/reg-delete?permanent=true").then().statusCode(404).body("error_code", is(40405));
        admin().delete("/subjects/reg-delete").then().statusCode(200).body("$", contains(2));
        given().get("/subjects").then().body("$", not(hasItem("reg-delete")));
        given().get("/subjects/reg-delete/versions").then().statusCode(404).body("error_code", is(40401));
        admin().delete("/subjects/reg-delete?permanent=true").then().statusCode(200);
        given().get("/subjects?deleted=true").then().body("$", not(hasItem("reg-delete")));
    }

    @Test
    void shouldReadAndChangeCompatibilityConfig() {
        given().get("/config").then().statusCode(200).body("compatibilityLevel", is("BACKWARD"));
        admin().body(Map.of("compatibility", "none")).put("/config/reg-config")
                .then().statusCode(200).body("compatibility", is("NONE"));
        given().get("/config/reg-config").then().statusCode(200).body("compatibilityLevel", is("NONE"));
        given().get("/config/reg-other?defaultToGlobal=true").then().statusCode(200).body("compatibilityLevel", is("BACKWARD"));

        // NONE lets an otherwise incompatible change through
        admin().body(proto(PROTO_V1)).post("/subjects/reg-config/versions").then().statusCode(200);
        admin().body(proto(PROTO_BROKEN)).post("/subjects/reg-config/versions").then().statusCode(200);
        admin().delete("/config/reg-config").then().statusCode(200).body("compatibilityLevel", is("NONE"));
    }

    @Test
    void shouldAcceptEveryConfluentContentType() {
        for (String type : new String[] {V1, "application/vnd.schemaregistry+json", "application/json"}) {
            given().header("Authorization", "Bearer test-admin-token").contentType(type).accept(type)
                    .body(proto(PROTO_V1)).post("/subjects/reg-ct/versions").then().statusCode(200).body("id", is(
                            (Integer) given().get("/subjects/reg-ct/versions/1").then().extract().path("id")));
        }
    }

    @Test
    void shouldNeedTheAdminTokenForWrites() {
        given().contentType(V1).body(proto(PROTO_V1)).post("/subjects/reg-auth/versions")
                .then().statusCode(401).body("error_code", is(40101));
        given().header("Authorization", "Bearer test-reader-token").contentType(V1).body(proto(PROTO_V1))
                .post("/subjects/reg-auth/versions").then().statusCode(403).body("error_code", is(40301));
        given().header("Authorization", "Bearer wrong").body(Map.of("compatibility", "FULL")).contentType(V1)
                .put("/config").then().statusCode(403);
        // Basic auth carries the token as its password, as Confluent clients send it
        given().auth().preemptive().basic("ops", "test-admin-token").contentType(V1).body(proto(PROTO_V1))
                .post("/subjects/reg-auth/versions").then().statusCode(200);
        given().delete("/subjects/reg-auth").then().statusCode(401);
    }
}

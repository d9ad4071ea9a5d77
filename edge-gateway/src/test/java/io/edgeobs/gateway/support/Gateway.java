package io.edgeobs.gateway.support;

import io.edgeobs.model.Batch;
import io.edgeobs.model.codec.BatchCodec;
import io.restassured.response.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static io.restassured.RestAssured.given;

/** The gateway under test, as its clients see it: the admin API and the agents' intake. */
public final class Gateway {

    public static final String ADMIN_TOKEN = "test-admin-token";

    private Gateway() {
    }

    /** Issues a token through the admin API and returns it. */
    public static String issue(String kind, String tenant, String fleet, String deviceId) {
        Map<String, Object> body = deviceId == null ? Map.of("kind", kind, "tenant", tenant, "fleet", fleet)
                : Map.of("kind", kind, "tenant", tenant, "fleet", fleet, "device_id", deviceId);
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType("application/json").body(body)
                .when().post("/admin/tokens").then().statusCode(201).extract().path("token");
    }

    /** Issues a token with an operator's name (an api-key's name is the device id of what it sends). */
    public static String issueNamed(String kind, String tenant, String fleet, String name) {
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType("application/json")
                .body(Map.of("kind", kind, "tenant", tenant, "fleet", fleet, "name", name))
                .when().post("/admin/tokens").then().statusCode(201).extract().path("token");
    }

    public static String deviceToken(String tenant, String fleet) {
        return issue("device", tenant, fleet, null);
    }

    public static String apiKey(String tenant, String fleet) {
        return issue("api-key", tenant, fleet, null);
    }

    /** POSTs a batch as the agent does: gzip protobuf with a bearer token. */
    public static Response post(String token, Batch batch) {
        return given().header("Authorization", "Bearer " + token).contentType("application/x-protobuf")
                .header("Content-Encoding", "gzip").body(gzip(BatchCodec.encode(batch)))
                .when().post("/v1/batches");
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

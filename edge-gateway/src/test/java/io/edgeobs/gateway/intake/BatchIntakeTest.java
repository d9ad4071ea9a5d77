package io.edgeobs.gateway.intake;

import io.edgeobs.gateway.support.Batches;
import io.edgeobs.gateway.support.Gateway;
import io.edgeobs.gateway.support.KafkaRecords;
import io.edgeobs.model.Batch;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.registry.RegisteredSchema;
import io.edgeobs.model.registry.SchemaRegistryClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Agents' batches through {@code POST /v1/batches} to Kafka, and everything the intake refuses. */
@QuarkusTest
class BatchIntakeTest {

    @TestHTTPResource
    URL url;

    @Test
    void shouldDeliverAnAgentBatchToKafkaDecodableThroughTheRegistry() throws Exception {
        // Given a device token of tenant acme, fleet pumps, and a batch whose device claims another tenant
        String token = Gateway.deviceToken("acme", "pumps");
        Batch sent = Batches.metrics("pump-17", 42, 3);
        Batch claiming = sent.withResource(sent.resource().withTenantAndFleet("evil", "other"));

        // When the agent posts it
        Gateway.post(token, claiming).then().statusCode(200).body("accepted", equalTo(3)).body("rejected", equalTo(0));

        // Then it is on edgeobs.metrics under tenant/device, framed with the registry id of edgeobs.metrics
        try (KafkaRecords kafka = new KafkaRecords(KafkaRecords.bootstrapServers(), "edgeobs.metrics")) {
            KafkaRecords.Read r = kafka.await(x -> x.key().equals("acme/pump-17") && x.batch().batchSeq() == 42,
                    l -> !l.isEmpty(), Duration.ofSeconds(30)).get(0);
            SchemaRegistryClient registry = new SchemaRegistryClient(URI.create(ConfigProvider.getConfig()
                    .getValue("edgeobs.gateway.schema-registry.url", String.class)), Optional.empty(), Duration.ofSeconds(5));
            assertThat(r.frame().schemaId()).isEqualTo(registry.latest("edgeobs.metrics").id());
            RegisteredSchema schema = registry.schemaById(r.frame().schemaId());
            assertThat(schema.schemaType()).isEqualTo("PROTOBUF");
            assertThat(schema.schema()).contains("message Batch");
            assertThat(r.frame().messageIndexes()).containsExactly(io.edgeobs.model.proto.Batch.getDescriptor().getIndex());
            // the tenant and fleet are the token's; the envelope is this gateway's; the records are the agent's
            Batch got = r.batch();
            assertThat(got.resource().tenant()).isEqualTo("acme");
            assertThat(got.resource().fleet()).isEqualTo("pumps");
            assertThat(got.resource().deviceId()).isEqualTo("pump-17");
            assertThat(got.envelope().gatewayId()).isNotEmpty();
            assertThat(got.envelope().region()).isEqualTo("local");
            assertThat(got.envelope().receivedAtUnixNanos()).isGreaterThan(Batches.now() - 60_000_000_000L);
            assertThat(got.metrics()).isEqualTo(sent.metrics());
            // headers of ADR 0005
            assertThat(r.headers()).containsEntry("edgeobs.dedup", "seq")
                    .containsEntry("edgeobs.batch.id", BatchCodec.contentId(got));
        }
    }

    @Test
    void shouldKeepTheOrderOfOneDevicesBatches() {
        // Given a device sending ten batches in a row
        String token = Gateway.deviceToken("order-tenant", "pumps");
        for (int seq = 1; seq <= 10; seq++) {
            Gateway.post(token, Batches.metrics("pump-1", seq, 2)).then().statusCode(200);
        }

        // Then Kafka has them in order, in one partition
        try (KafkaRecords kafka = new KafkaRecords(KafkaRecords.bootstrapServers(), "edgeobs.metrics")) {
            List<KafkaRecords.Read> reads = kafka.awaitFrom("order-tenant", 10, Duration.ofSeconds(30));
            assertThat(reads.stream().map(r -> r.batch().batchSeq()).toList())
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(reads.stream().map(KafkaRecords.Read::partition).distinct()).hasSize(1);
        }
    }

    @Test
    void shouldDropInvalidRecordsAndKeepTheirNeighbours() {
        // Given a batch with a valid point, a point from 1970 and a counter with a negative value
        String token = Gateway.deviceToken("partial-tenant", "pumps");
        long now = Batches.now();
        Batch batch = Batch.ofMetrics(Batches.device("pump-2"), 1, List.of(
                MetricPoint.gauge("ok_metric", 1, now, Tags.EMPTY),
                MetricPoint.gauge("old_metric", 1, 5, Tags.EMPTY),
                MetricPoint.counter("bad_total", -3, now, Tags.EMPTY)));

        // When it is posted, the answer names both problems
        Gateway.post(token, batch).then().statusCode(200).body("accepted", equalTo(1)).body("rejected", equalTo(2))
                .body("errors[0]", containsString("records[1].timestamp"))
                .body("errors[1]", containsString("records[2].value"));

        // Then only the valid point reaches Kafka
        try (KafkaRecords kafka = new KafkaRecords(KafkaRecords.bootstrapServers(), "edgeobs.metrics")) {
            Batch got = kafka.awaitFrom("partial-tenant", 1, Duration.ofSeconds(30)).get(0).batch();
            assertThat(got.metrics()).extracting(MetricPoint::name).containsExactly("ok_metric");
        }
    }

    @Test
    void shouldRefuseMissingUnknownRevokedAndWrongKindsOfCredentials() {
        Batch batch = Batches.metrics("pump-3", 1, 1);
        byte[] body = BatchCodec.encode(batch);

        // no token, an unknown token: 401
        given().contentType("application/x-protobuf").body(body).post("/v1/batches").then().statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("missing credentials"));
        Gateway.post("edgeobs_dt_" + UUID.randomUUID(), batch).then().statusCode(401)
                .body("detail", containsString("unknown token"));

        // a revoked token: 403
        String revoked = Gateway.deviceToken("auth-tenant", "pumps");
        String id = given().header("Authorization", "Bearer " + Gateway.ADMIN_TOKEN).get("/admin/tokens")
                .then().extract().path("find { it.tenant == 'auth-tenant' }.id");
        given().header("Authorization", "Bearer " + Gateway.ADMIN_TOKEN).delete("/admin/tokens/" + id).then().statusCode(200);
        Gateway.post(revoked, batch).then().statusCode(403).body("detail", containsString("revoked"));

        // a tenant api-key is not a device token: 403
        Gateway.post(Gateway.apiKey("auth-tenant", "pumps"), batch).then().statusCode(403)
                .body("detail", containsString("takes a device token"));

        // a token bound to another device: 403
        String bound = Gateway.issue("device", "auth-tenant", "pumps", "pump-99");
        Gateway.post(bound, batch).then().statusCode(403).body("detail", containsString("belongs to device pump-99"));
    }

    @Test
    void shouldRefuseBodiesOverTheLimits() throws Exception {
        String token = Gateway.deviceToken("limits-tenant", "pumps");

        // over max-body-size as sent: refused from the Content-Length, before the body is read
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST /v1/batches HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/x-protobuf\r\nContent-Length: " + (9 * 1024 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = readAnswer(socket);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json")
                    .contains("over the limit of 8388608 bytes");
        }

        // a gzip bomb: 200 KB that inflate to 20 MB
        Response bomb = given().header("Authorization", "Bearer " + token).contentType("application/x-protobuf")
                .header("Content-Encoding", "gzip").body(Gateway.gzip(new byte[20 * 1024 * 1024])).post("/v1/batches");
        bomb.then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("decompresses to more than the limit"));

        // more records than max-records
        List<MetricPoint> points = new ArrayList<>();
        for (int i = 0; i < 100_001; i++) {
            points.add(MetricPoint.gauge("m", i, Batches.now(), Tags.EMPTY));
        }
        Gateway.post(token, Batch.ofMetrics(Batches.device("pump-4"), 1, points)).then().statusCode(413)
                .body("detail", containsString("100001 records, over the limit of 100000"));
    }

    /** What the server answered, up to the end of its JSON body (it need not close the connection). */
    private static String readAnswer(Socket socket) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        java.io.InputStream in = socket.getInputStream();
        for (int c = in.read(); c >= 0; c = in.read()) {
            sb.append((char) c);
            if (c == '}' && sb.indexOf("\r\n\r\n") > 0) {
                break;
            }
        }
        return sb.toString();
    }

    @Test
    void shouldExplainMalformedBodies() {
        String token = Gateway.deviceToken("malformed-tenant", "pumps");

        given().header("Authorization", "Bearer " + token).contentType("application/x-protobuf")
                .body(new byte[] {0x0a, (byte) 0xff, 0x01}).post("/v1/batches").then().statusCode(400)
                .contentType("application/problem+json").body("title", equalTo("bad request"))
                .body("detail", containsString("not an edgeobs.v1.Batch"));
        given().header("Authorization", "Bearer " + token).contentType("application/x-protobuf")
                .header("Content-Encoding", "gzip").body(new byte[] {1, 2, 3}).post("/v1/batches").then().statusCode(400)
                .body("detail", containsString("not valid gzip"));
        given().header("Authorization", "Bearer " + token).contentType("application/json").body("{}")
                .post("/v1/batches").then().statusCode(415).body("detail", containsString("application/x-protobuf"));
        // a batch without a device id cannot be deduplicated: refused whole
        Gateway.post(token, Batches.metrics("", 1, 1)).then().statusCode(400)
                .body("detail", containsString("resource.device_id: must not be empty"));
    }

    @Test
    void shouldRefuseASchemaVersionTheFleetsPolicyDoesNotAllow() {
        // Given fleet "pinned", whose policy allows schema version 1 only
        String token = Gateway.deviceToken("schema-tenant", "pinned");
        byte[] body = BatchCodec.encode(Batches.metrics("pump-5", 1, 1));

        // Then version 3 is refused with its number, version 1 and no header are accepted
        given().header("Authorization", "Bearer " + token).header("Edgeobs-Schema-Version", "3")
                .contentType("application/x-protobuf").body(body).post("/v1/batches").then().statusCode(400)
                .body("detail", containsString("schema version 3 of edgeobs.metrics is not allowed for fleet pinned"));
        given().header("Authorization", "Bearer " + token).header("Edgeobs-Schema-Version", "1")
                .contentType("application/x-protobuf").body(body).post("/v1/batches").then().statusCode(200);
        given().header("Authorization", "Bearer " + token).contentType("application/x-protobuf").body(body)
                .post("/v1/batches").then().statusCode(200);
    }
}

package io.edgeobs.ingest.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.edgeobs.ingest.testing.IngestTestProfile;
import io.edgeobs.ingest.testing.KafkaChecks;
import io.edgeobs.ingest.testing.OtlpReceiver;
import io.edgeobs.ingest.testing.OtlpReceiverResource;
import io.edgeobs.ingest.testing.TestBatches;
import io.edgeobs.ingest.testing.TestProducer;
import io.edgeobs.model.Batch;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.edgeobs.ingest.testing.Databases.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@TestProfile(IngestTestProfile.class)
class SinksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "edgeobs.schema-registry.url")
    String registryUrl;

    @ConfigProperty(name = "edgeobs.opensearch.url")
    String openSearch;

    TestProducer producer;
    String tenant;

    @BeforeEach
    void setUp() {
        producer = new TestProducer(bootstrap, registryUrl);
        tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    private JsonNode openSearch(String method, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(openSearch + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private long documents(String stream) throws Exception {
        openSearch("POST", "/" + stream + "/_refresh");
        return openSearch("GET", "/" + stream + "/_count").path("count").asLong(-1);
    }

    private long logsInPostgres() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            return count(c, "SELECT count(*) FROM logs WHERE tenant = '" + tenant + "'");
        }
    }

    @Test
    void shouldWriteLogsToTheTenantsDataStreamOnceAndToPostgres() throws Exception {
        // Given
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Batch logs = TestBatches.logs(tenant, "dev-1", 1, now.minusSeconds(10), 25);

        // When: sent, then delivered again
        producer.send(logs);
        producer.send(logs.withEnvelope(TestBatches.envelope(now)));
        await().atMost(Duration.ofSeconds(60)).until(() -> KafkaChecks.uncommitted(bootstrap, "edgeobs-ingest",
                IngestPipelineTest.TOPICS) == 0);

        // Then
        String stream = "logs-edgeobs-" + tenant;
        assertThat(documents(stream)).isEqualTo(25);
        assertThat(logsInPostgres()).isEqualTo(25);
        JsonNode streams = openSearch("GET", "/_data_stream/" + stream);
        assertThat(streams.path("data_streams").get(0).path("name").asText()).isEqualTo(stream);
        JsonNode hits = openSearch("GET", "/" + stream + "/_search?q=level:warn&size=100");
        assertThat(hits.path("hits").path("total").path("value").asInt()).isEqualTo(13);
        JsonNode doc = hits.path("hits").path("hits").get(0).path("_source");
        assertThat(doc.path("device_id").asText()).isEqualTo("dev-1");
        assertThat(doc.path("fleet").asText()).isEqualTo("fleet-a");
        assertThat(doc.path("message").asText()).startsWith("disk almost full");
        assertThat(doc.path("fields").path("labels").path("env").asText()).isEqualTo("prod");
    }

    @Test
    void shouldCountDocumentsOpenSearchRefusesAndKeepTheRest() throws Exception {
        // Given: the tenant's data stream exists but its backing index refuses writes, so every item is refused
        String stream = "logs-edgeobs-" + tenant;
        producer.send(TestBatches.logs(tenant, "dev-0", 1, Instant.now().minusSeconds(5), 1));
        await().atMost(Duration.ofSeconds(60)).until(() -> documents(stream) == 1);
        String backing = openSearch("GET", "/_data_stream/" + stream).path("data_streams").get(0).path("indices").get(0)
                .path("index_name").asText();
        HttpResponse<String> blocked = HTTP.send(HttpRequest.newBuilder(URI.create(openSearch + "/" + backing + "/_settings"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"index.blocks.write\": true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(blocked.statusCode()).isEqualTo(200);
        double before = refused();

        // When
        producer.send(TestBatches.logs(tenant, "dev-1", 1, Instant.now().minusSeconds(5), 4));

        // Then: counted as dropped for OpenSearch, stored in PostgreSQL, and consumption goes on
        await().atMost(Duration.ofSeconds(60)).until(() -> logsInPostgres() == 5);
        assertThat(refused() - before).isEqualTo(4);
    }

    private static double refused() {
        return io.edgeobs.ingest.testing.Metrics.scrape().lines()
                .filter(l -> l.startsWith("edgeobs_ingest_dropped_records_total{reason=\"sink_refused\",signal=\"logs\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void shouldForwardSpansOverOtlpOnceAfterTheBackendRecovers() throws Exception {
        // Given: the backend answers 503 twice first
        OtlpReceiver receiver = OtlpReceiverResource.receiver();
        receiver.failNext(2, 503);
        Batch spans = TestBatches.spans(tenant, "dev-9", 1, Instant.now().minusSeconds(3), 6);

        // When: sent twice
        producer.send(spans);
        producer.send(spans);

        // Then
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(mine(receiver)).hasSize(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> KafkaChecks.uncommitted(bootstrap, "edgeobs-ingest",
                IngestPipelineTest.TOPICS) == 0);
        ResourceSpans rs = mine(receiver).get(0);
        assertThat(attribute(rs, "service.name")).isEqualTo("checkout");
        assertThat(attribute(rs, "device.id")).isEqualTo("dev-9");
        assertThat(rs.getScopeSpans(0).getSpansList()).hasSize(6).allSatisfy(s -> {
            assertThat(s.getTraceId().size()).isEqualTo(16);
            assertThat(s.getEndTimeUnixNano() - s.getStartTimeUnixNano()).isGreaterThanOrEqualTo(10_000_000L);
        });
        assertThat(mine(receiver)).hasSize(1);
        try (Connection c = dataSource.getConnection()) {
            assertThat(count(c, "SELECT count(*) FROM spans WHERE tenant = '" + tenant + "'")).isEqualTo(6);
        }
    }

    private List<ResourceSpans> mine(OtlpReceiver receiver) {
        return receiver.resourceSpans().stream().filter(rs -> tenant.equals(attribute(rs, "edgeobs.tenant"))).toList();
    }

    private static String attribute(ResourceSpans rs, String key) {
        return rs.getResource().getAttributesList().stream().filter(a -> a.getKey().equals(key)).findFirst()
                .map(KeyValue::getValue).map(v -> v.getStringValue()).orElse(null);
    }
}

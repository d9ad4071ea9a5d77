package io.edgeobs.ingest.pipeline;

import io.agroal.api.AgroalDataSource;
import io.edgeobs.ingest.testing.IngestTestProfile;
import io.edgeobs.ingest.testing.KafkaChecks;
import io.edgeobs.ingest.testing.TestBatches;
import io.edgeobs.ingest.testing.TestProducer;
import io.edgeobs.model.Batch;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Tags;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.codec.ConfluentFraming;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
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
class DlqRoutingTest {

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "edgeobs.schema-registry.url")
    String registryUrl;

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

    private List<ConsumerRecord<byte[], byte[]>> awaitDlq(String key, int expected) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> KafkaChecks.read(bootstrap, "edgeobs.dlq", r -> key.equals(KafkaChecks.key(r))),
                records -> records.size() >= expected);
    }

    private long points(String sql) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            return count(c, sql.replace("$TENANT", "'" + tenant + "'"));
        }
    }

    @Test
    void shouldRoutePoisonRecordsToTheDlqWithTheirErrorAndSourceAndKeepConsuming() throws Exception {
        // Given: a value that is not framed, an unknown schema id, a frame that is no batch, a batch without tenant
        String key = tenant + "/poison";
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        Batch valid = TestBatches.metrics(tenant, "poison", 1, Instant.now().minusSeconds(5), 3, 3);
        byte[] payload = BatchCodec.encode(valid);
        producer.sendRaw("edgeobs.metrics", k, "{\"not\":\"protobuf\"}".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
        producer.sendRaw("edgeobs.metrics", k, ConfluentFraming.encode(987_654, TestProducer.BATCH_INDEX, payload),
                new RecordHeaders());
        producer.sendRaw("edgeobs.metrics", k, ConfluentFraming.encode(producer.schemaId(Signal.METRICS),
                TestProducer.BATCH_INDEX, new byte[] {(byte) 0xff, 0x01, 0x02}), new RecordHeaders());
        producer.sendRaw("edgeobs.metrics", k, ConfluentFraming.encode(producer.schemaId(Signal.METRICS),
                TestProducer.BATCH_INDEX, BatchCodec.encode(valid.withResource(Resource.device("poison", "x", "1")))),
                new RecordHeaders());

        // When: a valid batch follows them on the same partition
        producer.send(valid);

        // Then
        List<ConsumerRecord<byte[], byte[]>> dlq = awaitDlq(key, 4);
        assertThat(dlq).extracting(r -> KafkaChecks.header(r, "edgeobs.error.kind"))
                .containsExactly("framing", "unknown_schema", "decode", "invalid");
        assertThat(dlq).extracting(r -> KafkaChecks.header(r, "edgeobs.error")).satisfiesExactly(
                e -> assertThat(e).contains("magic byte"),
                e -> assertThat(e).contains("schema id 987654 is not registered"),
                e -> assertThat(e).contains("not a valid protobuf"),
                e -> assertThat(e).contains("resource.tenant is empty"));
        assertThat(dlq).allSatisfy(r -> {
            assertThat(KafkaChecks.header(r, "edgeobs.source.topic")).isEqualTo("edgeobs.metrics");
            assertThat(KafkaChecks.header(r, "edgeobs.source.partition")).matches("\\d+");
            assertThat(KafkaChecks.header(r, "edgeobs.source.offset")).matches("\\d+");
        });
        assertThat(dlq.get(0).value()).isEqualTo("{\"not\":\"protobuf\"}".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(60)).until(() -> points(
                "SELECT count(*) FROM metric_points p JOIN series s ON s.id = p.series_id WHERE s.tenant = $TENANT") == 3);
    }

    @Test
    void shouldStoreTheValidRecordsAndSendFutureOnesToTheDlqWithThatReason() throws Exception {
        // Given: a batch with two good points and one from a clock two days ahead
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Batch batch = TestBatches.metrics(tenant, "clock", 1, now, List.of(
                MetricPoint.gauge("m", 1, TestBatches.nanos(now.minusSeconds(2)), Tags.EMPTY),
                MetricPoint.gauge("m", 2, TestBatches.nanos(now.plus(2, ChronoUnit.DAYS)), Tags.EMPTY),
                MetricPoint.gauge("m", 3, TestBatches.nanos(now.minusSeconds(1)), Tags.EMPTY)));

        // When
        producer.send(batch);

        // Then
        List<ConsumerRecord<byte[], byte[]>> dlq = awaitDlq(tenant + "/clock", 1);
        ConsumerRecord<byte[], byte[]> r = dlq.get(0);
        assertThat(KafkaChecks.header(r, "edgeobs.error.kind")).isEqualTo("future_timestamp");
        assertThat(KafkaChecks.header(r, "edgeobs.error")).contains("records[1].timestamp").contains("in the future");
        assertThat(KafkaChecks.header(r, "edgeobs.rejected.records")).isEqualTo("1");
        ConfluentFraming.Frame frame = ConfluentFraming.decode(r.value());
        Batch rejected = BatchCodec.decode(frame.payload());
        assertThat(rejected.metrics()).extracting(MetricPoint::value).containsExactly(2.0);
        assertThat(rejected.resource().tenant()).isEqualTo(tenant);
        await().atMost(Duration.ofSeconds(30)).until(() -> points(
                "SELECT count(*) FROM metric_points p JOIN series s ON s.id = p.series_id WHERE s.tenant = $TENANT") == 2);
        assertThat(points("SELECT sum(value)::bigint FROM metric_points p JOIN series s ON s.id = p.series_id "
                + "WHERE s.tenant = $TENANT")).isEqualTo(4);
    }
}

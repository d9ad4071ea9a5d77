package io.edgeobs.ingest.testing;

import io.edgeobs.testsupport.kafka.KafkaResource;
import io.edgeobs.testsupport.opensearch.OpenSearchResource;
import io.edgeobs.testsupport.postgres.PostgresResource;
import io.edgeobs.testsupport.registry.SchemaRegistryResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The one set of real infrastructure the module's {@code @QuarkusTest}s share (so Quarkus starts once): Kafka
 * with the four topics, PostgreSQL, the packaged schema registry, OpenSearch, and an OTLP receiver. Logs go to
 * PostgreSQL and OpenSearch, spans to PostgreSQL and OTLP, so every sink is exercised.
 */
public class IngestTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "edgeobs.ingest.sinks.logs", "both",
                "edgeobs.ingest.sinks.spans", "both",
                "edgeobs.ingest.retry.max-backoff", "2s",
                // the tests run the periodic jobs themselves
                "edgeobs.ingest.storage.rollup-every", "1h",
                "edgeobs.ingest.storage.maintenance-every", "1h");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(KafkaResource.class,
                        Map.of("topics", "edgeobs.metrics:3,edgeobs.spans:2,edgeobs.logs:2,edgeobs.dlq:1")),
                new TestResourceEntry(PostgresResource.class),
                new TestResourceEntry(SchemaRegistryResource.class),
                new TestResourceEntry(OpenSearchResource.class),
                new TestResourceEntry(OtlpReceiverResource.class));
    }
}

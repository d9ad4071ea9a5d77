package io.edgeobs.testsupport.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts an {@link EmbeddedKafka} broker for a {@code @QuarkusTest}:
 * {@code @WithTestResource(KafkaResource.class)}. Returns {@code kafka.bootstrap.servers} (what SmallRye Kafka and
 * the Kafka client extension read) and {@code edgeobs.kafka.bootstrap-servers}.
 *
 * <p>Init arg {@code topics}: comma-separated {@code name:partitions} to create before the application starts.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedKafka kafka;
    private String topics = "";

    @Override
    public void init(Map<String, String> initArgs) {
        topics = initArgs.getOrDefault("topics", "");
    }

    @Override
    public Map<String, String> start() {
        kafka = EmbeddedKafka.start();
        for (String topic : topics.split(",")) {
            if (!topic.isBlank()) {
                String[] nameAndPartitions = topic.trim().split(":");
                kafka.createTopic(nameAndPartitions[0],
                        nameAndPartitions.length > 1 ? Integer.parseInt(nameAndPartitions[1]) : 1);
            }
        }
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "edgeobs.kafka.bootstrap-servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}

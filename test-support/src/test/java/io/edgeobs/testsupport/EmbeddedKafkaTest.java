package io.edgeobs.testsupport;

import io.edgeobs.testsupport.kafka.EmbeddedKafka;
import io.edgeobs.testsupport.kafka.KafkaResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EmbeddedKafkaTest {

    @Test
    void shouldProduceAndConsumeARecord() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            // Given
            kafka.createTopic("edgeobs.test", 3);

            // When
            RecordMetadata sent;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer())) {
                sent = producer.send(new ProducerRecord<>("edgeobs.test", "acme/dev-1", "hello edge")).get();
            }

            // Then
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("edgeobs.test"));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                    return !received.isEmpty();
                });
            }
            assertThat(received).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("acme/dev-1");
                assertThat(r.value()).isEqualTo("hello edge");
                assertThat(r.partition()).isEqualTo(sent.partition());
            });
            assertThat(kafka.admin().describeTopics(List.of("edgeobs.test")).allTopicNames().get()
                    .get("edgeobs.test").partitions()).hasSize(3);
        }
    }

    @Test
    void shouldKeepDataInAGivenDirectoryAcrossRestarts() throws Exception {
        // Given a broker with a persistent data directory and one record
        var dir = DataDirs.temporary("kafka-persistent-");
        try {
            String bootstrap;
            try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).start()) {
                bootstrap = kafka.bootstrapServers();
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new StringSerializer())) {
                    producer.send(new ProducerRecord<>("kept", "k", "v")).get();
                }
            }

            // When it restarts on the same directory
            try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).start()) {
                // Then the topic and its record are still there
                try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, "restart",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                    consumer.subscribe(List.of("kept"));
                    List<String> values = new ArrayList<>();
                    await().atMost(Duration.ofSeconds(30)).until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                        return !values.isEmpty();
                    });
                    assertThat(values).containsExactly("v");
                }
            }
        } finally {
            DataDirs.deleteRecursively(dir);
        }
    }

    @Test
    void shouldGiveQuarkusTheBootstrapServersAndCreateTopics() throws Exception {
        // Given
        KafkaResource resource = new KafkaResource();
        resource.init(Map.of("topics", "edgeobs.metrics:2,edgeobs.logs"));

        // When
        Map<String, String> config = resource.start();
        try {
            // Then
            assertThat(config).containsKeys("kafka.bootstrap.servers", "edgeobs.kafka.bootstrap-servers");
            try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                    "bootstrap.servers", config.get("kafka.bootstrap.servers")))) {
                var topics = admin.describeTopics(List.of("edgeobs.metrics", "edgeobs.logs")).allTopicNames().get();
                assertThat(topics.get("edgeobs.metrics").partitions()).hasSize(2);
                assertThat(topics.get("edgeobs.logs").partitions()).hasSize(1);
            }
        } finally {
            resource.stop();
        }
    }
}

package io.edgeobs.stack;

import io.edgeobs.model.Signal;
import io.edgeobs.testsupport.kafka.EmbeddedKafka;
import io.edgeobs.testsupport.postgres.EmbeddedPostgresServer;

import java.util.Map;

/** Kafka and PostgreSQL inside the launcher's JVM, with data under {@code <home>/data} so history survives restarts. */
final class Infrastructure implements AutoCloseable {

    static final String DATABASE = "edgeobs";
    private static final int PARTITIONS = 3;

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgresServer postgres;

    private Infrastructure(EmbeddedKafka kafka, EmbeddedPostgresServer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    static Infrastructure start(StackOptions o) {
        // the gateway sends batches of up to 16 MiB (edgeobs.gateway.kafka.max-request-size)
        EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(o.home().resolve("data/kafka")).port(o.kafkaPort())
                .autoCreateTopics(false).config("message.max.bytes", Integer.toString(16 << 20)).start();
        try {
            for (Signal s : Signal.values()) {
                kafka.createTopic(s.topic(), PARTITIONS);
            }
            kafka.createTopic("edgeobs.dlq", 1);
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.builder()
                    .dataDir(o.home().resolve("data/postgres")).port(o.postgresPort()).start();
            postgres.createDatabase(DATABASE);
            return new Infrastructure(kafka, postgres);
        } catch (RuntimeException e) {
            kafka.close();
            throw new StackException("embedded infrastructure did not start: " + e.getMessage(), e);
        }
    }

    String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    String jdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }

    /** The datasource settings a service with a Quarkus datasource needs. */
    Map<String, String> datasourceConfig() {
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password());
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } finally {
            kafka.close();
        }
    }
}

package io.edgeobs.stack;

import io.edgeobs.model.Signal;
import io.edgeobs.testsupport.kafka.EmbeddedKafka;
import io.edgeobs.testsupport.postgres.EmbeddedPostgresServer;

import java.util.Map;

/**
 * Kafka and PostgreSQL inside the launcher's JVM, with data under {@code <home>/data} so history survives restarts.
 * Either can be stopped and started again on the same port and data (the fault-injection suite does).
 */
final class Infrastructure implements AutoCloseable {

    static final String DATABASE = "edgeobs";
    private static final int PARTITIONS = 3;

    private final StackOptions options;
    private volatile EmbeddedKafka kafka;
    private volatile EmbeddedPostgresServer postgres;

    private Infrastructure(StackOptions options) {
        this.options = options;
    }

    static Infrastructure start(StackOptions o) {
        Infrastructure infra = new Infrastructure(o);
        try {
            infra.startKafka();
            for (Signal s : Signal.values()) {
                infra.kafka.createTopic(s.topic(), PARTITIONS);
            }
            infra.kafka.createTopic("edgeobs.dlq", 1);
            infra.startPostgres();
            infra.postgres.createDatabase(DATABASE);
            return infra;
        } catch (RuntimeException e) {
            infra.close();
            throw new StackException("embedded infrastructure did not start: " + e.getMessage(), e);
        }
    }

    /** Starts the broker (again) on the stack's port and data directory. */
    void startKafka() {
        // the gateway sends batches of up to 16 MiB (edgeobs.gateway.kafka.max-request-size)
        kafka = EmbeddedKafka.builder().dataDir(options.home().resolve("data/kafka")).port(options.kafkaPort())
                .autoCreateTopics(false).config("message.max.bytes", Integer.toString(16 << 20)).start();
    }

    void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Starts PostgreSQL (again) on the stack's port and data directory. */
    void startPostgres() {
        postgres = EmbeddedPostgresServer.builder().dataDir(options.home().resolve("data/postgres"))
                .port(options.postgresPort()).start();
    }

    void stopPostgres() {
        if (postgres != null) {
            postgres.close();
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
            stopPostgres();
        } finally {
            stopKafka();
        }
    }
}

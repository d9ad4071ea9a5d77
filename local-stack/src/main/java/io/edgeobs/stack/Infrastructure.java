package io.edgeobs.stack;

import io.edgeobs.model.Signal;
import io.edgeobs.testsupport.kafka.EmbeddedKafka;
import io.edgeobs.testsupport.opensearch.EmbeddedOpenSearch;
import io.edgeobs.testsupport.postgres.EmbeddedPostgresServer;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kafka and PostgreSQL inside the launcher's JVM, with data under {@code <home>/data} so history survives restarts.
 * Either can be stopped and started again on the same port and data (the fault-injection suite does). With the
 * {@code opensearch} log sink, an OpenSearch node runs in this JVM too ({@code <home>/data/opensearch}); it is the
 * slowest to start, so it starts beside Kafka and PostgreSQL and is waited for last, with progress on the terminal.
 */
final class Infrastructure implements AutoCloseable {

    static final String DATABASE = "edgeobs";
    private static final int PARTITIONS = 3;

    private final StackOptions options;
    private volatile EmbeddedKafka kafka;
    private volatile EmbeddedPostgresServer postgres;
    private volatile EmbeddedOpenSearch openSearch;
    private double openSearchStartSeconds;

    private Infrastructure(StackOptions options) {
        this.options = options;
    }

    static Infrastructure start(StackOptions o) {
        Infrastructure infra = new Infrastructure(o);
        FutureTask<EmbeddedOpenSearch> openSearch = null;
        long openSearchSince = System.nanoTime();
        if (o.openSearch()) {
            openSearch = new FutureTask<>(() -> EmbeddedOpenSearch.start(infra.openSearchDataDir(), o.openSearchPort()));
            Thread starter = new Thread(openSearch, "edgeobs-opensearch-start");
            starter.setDaemon(true); // a node that never gets ready must not keep the launcher alive
            starter.start();
        }
        try {
            infra.startKafka();
            for (Signal s : Signal.values()) {
                infra.kafka.createTopic(s.topic(), PARTITIONS);
            }
            infra.kafka.createTopic("edgeobs.dlq", 1);
            infra.startPostgres();
            infra.postgres.createDatabase(DATABASE);
            if (openSearch != null) {
                infra.openSearch = infra.awaitOpenSearch(openSearch, openSearchSince);
            }
            return infra;
        } catch (StackException e) {
            infra.close(openSearch);
            throw e;
        } catch (RuntimeException e) {
            infra.close(openSearch);
            throw new StackException("embedded infrastructure did not start: " + e.getMessage(), e);
        }
    }

    /** Waits for the OpenSearch node, saying every few seconds that it still starts; a failure names its cause. */
    private EmbeddedOpenSearch awaitOpenSearch(FutureTask<EmbeddedOpenSearch> starting, long start) {
        long deadline = start + options.readyTimeout().toNanos();
        while (true) {
            try {
                EmbeddedOpenSearch node = starting.get(5, TimeUnit.SECONDS);
                openSearchStartSeconds = (System.nanoTime() - start) / 1e9;
                return node;
            } catch (TimeoutException e) {
                long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                if (System.nanoTime() > deadline) {
                    throw new StackException("OpenSearch was not ready on port " + options.openSearchPort() + " within "
                            + waited + " s (data in " + openSearchDataDir() + "); allow it longer with --ready-timeout, "
                            + "or run without it (--sinks postgresql)");
                }
                Console.out("  opensearch  still starting (" + waited + " s) ...");
            } catch (ExecutionException e) {
                throw new StackException("OpenSearch did not start on port " + options.openSearchPort() + " (data in "
                        + openSearchDataDir() + "): " + rootCause(e.getCause()) + ". Run without it with --sinks postgresql",
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while OpenSearch was starting", e);
            }
        }
    }

    /** The messages of an exception and its causes, which together say why (a port, a lock, a setting). */
    private static String rootCause(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (int depth = 0; t != null && depth < 8; t = t.getCause(), depth++) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (b.indexOf(m) < 0) {
                b.append(b.isEmpty() ? "" : ": ").append(m);
            }
        }
        return b.toString();
    }

    Path openSearchDataDir() {
        return options.home().resolve("data/opensearch");
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
                .port(options.postgresPort()).settings(options.postgresSettings()).start();
    }

    void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** The OpenSearch node's base URL; only with the {@code opensearch} sink. */
    String openSearchUrl() {
        if (openSearch == null) {
            throw new IllegalStateException("no OpenSearch in this stack (--sinks without opensearch)");
        }
        return openSearch.httpUrl();
    }

    /** How long the OpenSearch node took to be ready (its cluster yellow), in seconds. */
    double openSearchStartSeconds() {
        return openSearchStartSeconds;
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

    /** Closes what started, including an OpenSearch node that finishes starting after a failure elsewhere. */
    private void close(FutureTask<EmbeddedOpenSearch> openSearchStart) {
        if (openSearch == null && openSearchStart != null) {
            try {
                openSearch = openSearchStart.get(60, TimeUnit.SECONDS); // only to stop it
            } catch (ExecutionException | TimeoutException e) {
                // it did not start (in time): nothing to stop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    @Override
    public void close() {
        try {
            if (openSearch != null) {
                openSearch.close();
            }
        } finally {
            try {
                stopPostgres();
            } finally {
                stopKafka();
            }
        }
    }
}

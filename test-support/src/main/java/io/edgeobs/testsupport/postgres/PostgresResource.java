package io.edgeobs.testsupport.postgres;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts an {@link EmbeddedPostgresServer} for a {@code @QuarkusTest}: {@code @WithTestResource(PostgresResource.class)}.
 * Returns the {@code quarkus.datasource.*} settings (JDBC and reactive) for a fresh database.
 *
 * <p>Init arg {@code database}: the database to create (default {@code edgeobs}).
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedPostgresServer postgres;
    private String database = "edgeobs";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        postgres = EmbeddedPostgresServer.start();
        String jdbcUrl = postgres.createDatabase(database);
        return Map.of(
                "quarkus.datasource.db-kind", "postgresql",
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(database),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password());
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }
}

package io.edgeobs.testsupport.registry;

import io.edgeobs.testsupport.postgres.EmbeddedPostgresServer;
import io.edgeobs.testsupport.process.AppProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The real edgeobs schema registry (the packaged {@code schema-registry} module) on its own embedded PostgreSQL, for
 * tests of services that frame Kafka values with registry ids. It registers edgeobs' own contracts at start, so
 * {@code edgeobs.metrics}, {@code edgeobs.spans}, {@code edgeobs.logs} and {@code edgeobs.batch} exist.
 *
 * <p>A module that uses it declares a test-scoped {@code pom} dependency on {@code schema-registry} (all transitive
 * dependencies excluded), only so that the reactor packages the registry first; see ADR 0006.
 */
public final class SchemaRegistryProcess implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-registry-admin-token";

    private final EmbeddedPostgresServer postgres;
    private final AppProcess app;

    private SchemaRegistryProcess(EmbeddedPostgresServer postgres, AppProcess app) {
        this.postgres = postgres;
        this.app = app;
    }

    /** Starts PostgreSQL and the registry and waits until the registry is ready (its contracts registered). */
    public static SchemaRegistryProcess start(Path log) {
        Path jar = locateJar();
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start();
        try {
            Map<String, String> config = Map.of(
                    "quarkus.datasource.jdbc.url", postgres.createDatabase("registry"),
                    "quarkus.datasource.username", postgres.username(),
                    "quarkus.datasource.password", postgres.password(),
                    "edgeobs.registry.auth.admin-token", ADMIN_TOKEN);
            AppProcess app = AppProcess.start(jar, config, log, Duration.ofSeconds(90));
            return new SchemaRegistryProcess(postgres, app);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return app.url();
    }

    /**
     * The packaged registry: {@code -Dedgeobs.registry.jar}, else {@code schema-registry/target/quarkus-app} of the
     * reactor this test runs in (found by walking up from the working directory).
     */
    static Path locateJar() {
        String explicit = System.getProperty("edgeobs.registry.jar");
        if (explicit != null) {
            return Path.of(explicit);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve("schema-registry/target/quarkus-app/quarkus-run.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
            if (Files.isRegularFile(dir.resolve("schema-registry/pom.xml"))) {
                throw new IllegalStateException(jar + " is missing: package the registry first "
                        + "(./mvnw -pl schema-registry -am package -DskipTests), or run the build from the top");
            }
        }
        throw new IllegalStateException("cannot find the schema-registry module above " + Path.of("").toAbsolutePath()
                + "; set -Dedgeobs.registry.jar to its quarkus-run.jar");
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            postgres.close();
        }
    }
}

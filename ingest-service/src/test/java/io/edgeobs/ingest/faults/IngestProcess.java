package io.edgeobs.ingest.faults;

import io.edgeobs.testsupport.process.AppProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The packaged ingest service ({@code app.jar}, set by failsafe) as a child JVM, pointed at the test's infrastructure. */
final class IngestProcess {

    private IngestProcess() {
    }

    static Map<String, String> config(String jdbcUrl, String kafka, String registryUrl, Map<String, String> more) {
        Map<String, String> c = new HashMap<>(Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "kafka.bootstrap.servers", kafka,
                "edgeobs.schema-registry.url", registryUrl,
                "edgeobs.ingest.retry.max-backoff", "2s"));
        c.putAll(more);
        return c;
    }

    /** Starts it without waiting for readiness (the database may be down on purpose). */
    static AppProcess launch(Map<String, String> config, Path log) {
        Path jar = Path.of(System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar"));
        return AppProcess.launch(jar, 0, config, List.of("-Xmx256m", "-XX:+UseSerialGC"), log);
    }

    static AppProcess start(Map<String, String> config, Path log) {
        AppProcess app = launch(config, log);
        app.awaitReady(Duration.ofSeconds(120));
        return app;
    }
}

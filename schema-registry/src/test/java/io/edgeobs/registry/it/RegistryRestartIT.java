package io.edgeobs.registry.it;

import io.edgeobs.model.registry.SchemaRegistryClient;
import io.edgeobs.testsupport.postgres.EmbeddedPostgresServer;
import io.edgeobs.testsupport.process.AppProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged registry, restarted and run twice against one database. */
class RegistryRestartIT {

    private static final String TOKEN = "it-admin-token";
    private static EmbeddedPostgresServer postgres;
    private static Map<String, String> config;

    @BeforeAll
    static void startDatabase() {
        postgres = EmbeddedPostgresServer.start();
        config = Map.of(
                "quarkus.datasource.jdbc.url", postgres.createDatabase("registry_it"),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password(),
                "edgeobs.registry.auth.admin-token", TOKEN);
    }

    @AfterAll
    static void stopDatabase() {
        postgres.close();
    }

    static AppProcess registry(String name) {
        return AppProcess.start(Path.of(System.getProperty("app.jar")), config,
                Path.of(System.getProperty("java.io.tmpdir"), name + ".log"), Duration.ofSeconds(60));
    }

    static String schema(int n) {
        return "syntax = \"proto3\";\npackage it.v1;\nmessage Event" + n + " { string id = 1; }\n";
    }

    @Test
    void shouldKeepIdsAndVersionsAcrossARestart() throws Exception {
        // Given
        int first;
        int second;
        String versions;
        try (AppProcess app = registry("restart-1")) {
            SchemaRegistryClient client = client(app);
            first = client.register("it.restart", "PROTOBUF", schema(1));
            second = client.register("it.restart", "PROTOBUF", schema(1).replace("}", " int64 at = 2; }"));
            versions = get(app, "/subjects/it.restart/versions");
        }

        // When the registry restarts on the same database
        try (AppProcess app = registry("restart-2")) {
            SchemaRegistryClient client = client(app);

            // Then
            assertThat(get(app, "/subjects/it.restart/versions")).isEqualTo(versions).isEqualTo("[1,2]");
            assertThat(get(app, "/subjects/it.restart/versions/1")).contains("\"id\":" + first);
            assertThat(client.schemaById(second).schema()).contains("int64 at = 2");
            assertThat(client.register("it.restart", "PROTOBUF", schema(1))).isEqualTo(first);
            assertThat(get(app, "/subjects")).contains("edgeobs.metrics", "edgeobs.batch");
        }
    }

    @Test
    void shouldNeverGiveOneIdToTwoSchemasAcrossTwoInstances() throws Exception {
        try (AppProcess a = registry("instance-a"); AppProcess b = registry("instance-b")) {
            List<SchemaRegistryClient> clients = List.of(client(a), client(b));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                // When both instances register 40 different schemas and one shared schema, concurrently
                List<Future<Integer>> distinct = new ArrayList<>();
                List<Future<Integer>> shared = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    int n = 100 + i;
                    SchemaRegistryClient c = clients.get(i % 2);
                    distinct.add(pool.submit(() -> c.register("it.concurrent." + n, "PROTOBUF", schema(n))));
                    shared.add(pool.submit(() -> c.register("it.shared." + n, "PROTOBUF", schema(7))));
                }

                // Then different schemas have different ids, and the same schema one id everywhere
                Set<Integer> ids = new HashSet<>();
                for (Future<Integer> f : distinct) {
                    ids.add(f.get());
                }
                Set<Integer> sharedIds = new HashSet<>();
                for (Future<Integer> f : shared) {
                    sharedIds.add(f.get());
                }
                assertThat(ids).hasSize(40).doesNotContainAnyElementsOf(sharedIds);
                assertThat(sharedIds).hasSize(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void shouldAnswer50001WhileTheDatabaseIsDown() throws Exception {
        // Given a registry on its own database, which then goes away
        try (EmbeddedPostgresServer own = EmbeddedPostgresServer.start()) {
            Map<String, String> ownConfig = Map.of(
                    "quarkus.datasource.jdbc.url", own.createDatabase("registry_down"),
                    "quarkus.datasource.username", own.username(), "quarkus.datasource.password", own.password(),
                    "quarkus.datasource.jdbc.acquisition-timeout", "2S");
            try (AppProcess app = AppProcess.start(Path.of(System.getProperty("app.jar")), ownConfig,
                    Path.of(System.getProperty("java.io.tmpdir"), "db-down.log"), Duration.ofSeconds(60))) {
                own.close();

                // When
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(app.url() + "/subjects")).build(), HttpResponse.BodyHandlers.ofString());

                // Then
                assertThat(r.statusCode()).isEqualTo(500);
                assertThat(r.body()).contains("\"error_code\":50001").contains("Error in the backend data store")
                        .doesNotContain("Exception");
            }
        }
    }

    @Test
    void shouldRefuseToStartWhenItsOwnContractBecameIncompatible() throws Exception {
        // Given edgeobs.metrics already holds a schema that the shipped contract cannot follow
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "bootstrap-broken.log");
        java.util.Map<String, String> noBootstrap = new java.util.HashMap<>(config);
        noBootstrap.put("edgeobs.registry.bootstrap.enabled", "false");
        try (EmbeddedPostgresServer own = EmbeddedPostgresServer.start()) {
            noBootstrap.put("quarkus.datasource.jdbc.url", own.createDatabase("registry_bootstrap"));
            try (AppProcess app = AppProcess.start(Path.of(System.getProperty("app.jar")), noBootstrap, log,
                    Duration.ofSeconds(60))) {
                client(app).register("edgeobs.metrics", "PROTOBUF",
                        "syntax = \"proto3\";\npackage edgeobs.v1;\nmessage Tag { int64 key = 1; }\n");
            }

            // When the registry starts with the bootstrap on, Then it refuses to start and says why
            Map<String, String> withBootstrap = new java.util.HashMap<>(noBootstrap);
            withBootstrap.put("edgeobs.registry.bootstrap.enabled", "true");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> AppProcess.start(Path.of(System.getProperty("app.jar")),
                    withBootstrap, log, Duration.ofSeconds(60))).hasMessageContaining("exited");
            assertThat(java.nio.file.Files.readString(log))
                    .contains("edgeobs contract edgeobs/v1/telemetry.proto cannot be registered under edgeobs.metrics")
                    .contains("message edgeobs.v1.Tag field 1 (key): changed type from int64 to string");
        }
    }

    private static SchemaRegistryClient client(AppProcess app) {
        return new SchemaRegistryClient(URI.create(app.url()), Optional.of(TOKEN), Duration.ofSeconds(10));
    }

    private static String get(AppProcess app, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}

package io.edgeobs.deploy.compose;

import io.edgeobs.deploy.Repo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parses docker-compose.yml (it cannot be run here: no Docker engine) and checks what would break it on a Docker
 * host: unpinned images, files it mounts or reads that do not exist, start order without health.
 */
@SuppressWarnings("unchecked")
class ComposeFileTest {

    static Map<String, Object> compose;
    static Map<String, Map<String, Object>> services;

    @BeforeAll
    static void parse() throws Exception {
        // SnakeYAML resolves the merge keys (<<: *edgeobs-service) the file uses, as Compose does
        compose = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(Repo.root().resolve("docker-compose.yml"), StandardCharsets.UTF_8));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void shouldRunTheWholeSystemWithSimulatedDevices() {
        assertThat(services).containsKeys("kafka", "timescaledb", "opensearch", "jaeger", "grafana", "schema-registry",
                "edge-gateway", "ingest-service", "query-service");
        List<Object> deviceIds = services.entrySet().stream().filter(e -> e.getKey().startsWith("device-"))
                .map(e -> env(e.getValue()).get("EDGEOBS_AGENT_DEVICE_ID")).toList();
        assertThat(deviceIds).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates().doesNotContainNull();
        // each device keeps its own durable log
        List<Object> logs = services.entrySet().stream().filter(e -> e.getKey().startsWith("device-"))
                .map(e -> ((List<Object>) e.getValue().get("volumes")).get(0)).toList();
        assertThat(logs).doesNotHaveDuplicates();
    }

    @Test
    void shouldRunKafkaInKraftModeWithoutZookeeper() {
        Map<String, Object> env = env(services.get("kafka"));
        assertThat(String.valueOf(env.get("KAFKA_PROCESS_ROLES"))).contains("controller").contains("broker");
        assertThat(env).containsKey("KAFKA_CONTROLLER_QUORUM_VOTERS").doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        assertThat(services).doesNotContainKey("zookeeper");
    }

    @Test
    void shouldPinEveryThirdPartyImageByDigestAndEdgeobsImagesByTheProjectVersion() {
        assertThat(services).allSatisfy((name, s) -> {
            String image = String.valueOf(s.get("image"));
            if (image.startsWith("edgeobs/")) {
                assertThat(image).as(name).matches("edgeobs/[a-z-]+:" + Pattern.quote(Repo.version()));
            } else {
                assertThat(image).as(name).matches("[^@\\s]+:[^@\\s]+@sha256:[0-9a-f]{64}");
            }
        });
    }

    @Test
    void shouldReferenceOnlyFilesThatExist() {
        Path root = Repo.root();
        List<String> referenced = new ArrayList<>();
        services.forEach((name, s) -> {
            Object envFile = s.get("env_file");
            if (envFile instanceof List<?> l) {
                l.forEach(f -> referenced.add(String.valueOf(f)));
            } else if (envFile != null) {
                referenced.add(String.valueOf(envFile));
            }
            for (Object v : (List<Object>) s.getOrDefault("volumes", List.of())) {
                String source = String.valueOf(v).split(":")[0];
                if (source.startsWith("./") || source.startsWith("../")) {
                    referenced.add(source);
                }
            }
        });
        assertThat(referenced).isNotEmpty().allSatisfy(f -> assertThat(root.resolve(f)).as(f).exists());
        // the grafana provisioning it mounts has files in it
        assertThat(root.resolve("grafana/provisioning/datasources")).isDirectoryContaining("glob:**.yaml");
        assertThat(root.resolve("grafana/dashboards")).isDirectoryContaining("glob:**.json");
    }

    @Test
    void shouldStartEachServiceOnlyAfterWhatItNeedsIsHealthy() {
        assertThat(services).allSatisfy((name, s) -> {
            assertThat(s).as(name + " healthcheck").containsKey("healthcheck");
            Object deps = s.get("depends_on");
            if (deps != null) {
                assertThat(deps).as(name + " depends_on").isInstanceOf(Map.class);
                ((Map<String, Map<String, Object>>) deps).forEach((dep, cond) -> {
                    assertThat(services).as(name + " depends on " + dep).containsKey(dep);
                    assertThat(cond).as(name + " waits for " + dep).containsEntry("condition", "service_healthy");
                });
            }
        });
        assertThat(((Map<String, Object>) services.get("ingest-service").get("depends_on")).keySet())
                .contains("kafka", "timescaledb", "schema-registry");
        assertThat(((Map<String, Object>) services.get("edge-gateway").get("depends_on")).keySet())
                .contains("kafka", "schema-registry");
    }

    @Test
    void shouldPublishOnlyTheGatewayBeyondThisHost() {
        services.forEach((name, s) -> {
            for (Object p : (List<Object>) s.getOrDefault("ports", List.of())) {
                if (!name.equals("edge-gateway")) {
                    assertThat(String.valueOf(p)).as(name + " port " + p).startsWith("127.0.0.1:");
                }
            }
        });
    }

    private static Map<String, Object> env(Map<String, Object> service) {
        return (Map<String, Object>) service.getOrDefault("environment", Map.of());
    }
}

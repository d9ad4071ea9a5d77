package io.edgeobs.gateway.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.testsupport.DataDirs;
import io.edgeobs.testsupport.FreePorts;
import io.edgeobs.testsupport.kafka.EmbeddedKafka;
import io.edgeobs.testsupport.process.AppProcess;
import io.edgeobs.testsupport.registry.SchemaRegistryProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the gateway's integration tests run: an embedded Kafka broker that can be stopped and started again on the
 * same port and data, the packaged schema registry, and the packaged gateway as its own JVM, which can be killed with
 * SIGKILL and started again on the same port and data directory.
 */
final class ItStack implements AutoCloseable {

    static final String ADMIN = "it-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir = DataDirs.temporary("gateway-it-");
    private final int kafkaPort = FreePorts.pick();
    private final int gatewayPort = FreePorts.pick();
    private final SchemaRegistryProcess registry;
    private final Map<String, String> overrides;
    private EmbeddedKafka kafka;
    private AppProcess gateway;
    private int starts;

    ItStack(Map<String, String> overrides) {
        this.overrides = overrides;
        startKafka();
        for (String topic : List.of("edgeobs.metrics", "edgeobs.spans", "edgeobs.logs")) {
            kafka.createTopic(topic, 3);
        }
        registry = SchemaRegistryProcess.start(dir.resolve("registry.log"));
    }

    void startKafka() {
        kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(kafkaPort).autoCreateTopics(false).start();
    }

    void stopKafka() {
        kafka.close();
        kafka = null;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** Starts the packaged gateway (again) and waits until it is ready. */
    void startGateway() {
        Map<String, String> config = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", bootstrapServers(),
                "edgeobs.gateway.schema-registry.url", registry.url(),
                "edgeobs.gateway.data-dir", dir.resolve("gateway").toString(),
                "edgeobs.gateway.admin-token", ADMIN,
                "edgeobs.gateway.gateway-id", "gw-it"));
        config.putAll(overrides);
        gateway = AppProcess.launch(Path.of(System.getProperty("app.jar")), gatewayPort, config, List.of("-Xmx384m"),
                dir.resolve("gateway-" + (++starts) + ".log"));
        gateway.awaitReady(Duration.ofSeconds(90));
    }

    /** Kills the gateway with SIGKILL: no shutdown hook, no flush, no last checkpoint. */
    void killGateway() {
        ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("-Dquarkus.http.port=" + gatewayPort + " "))
                .forEach(p -> {
                    p.destroyForcibly();
                    p.onExit().join();
                });
    }

    String url() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    AppProcess gateway() {
        return gateway;
    }

    /** Issues a device token through the admin API. */
    String deviceToken(String tenant, String fleet) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + "/admin/tokens"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("kind", "device", "tenant", tenant, "fleet", fleet)))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("issuing a token failed: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).path("token").asText();
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        registry.close();
        if (kafka != null) {
            kafka.close();
        }
        DataDirs.deleteRecursively(dir);
    }
}

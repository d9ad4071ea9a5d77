package io.edgeobs.bench;

import io.edgeobs.testsupport.DataDirs;
import io.edgeobs.testsupport.kafka.EmbeddedKafka;
import io.edgeobs.testsupport.process.AppProcess;
import io.edgeobs.testsupport.registry.SchemaRegistryProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the gateway benchmarks run on one machine: an embedded Kafka broker in this JVM (3 partitions per topic), the
 * packaged schema registry, and the packaged gateway as its own JVM, with a device token issued for the load.
 */
final class GatewayBenchStack implements AutoCloseable {

    static final String ADMIN = "bench-admin-token";
    static final List<String> GATEWAY_JVM = List.of("-Xms256m", "-Xmx512m", "-XX:+UseG1GC");

    final EmbeddedKafka kafka;
    final SchemaRegistryProcess registry;
    final AppProcess gateway;
    final String token;
    private final Path dir;

    GatewayBenchStack(Map<String, String> gatewayConfig) throws Exception {
        dir = DataDirs.temporary("gateway-bench-");
        kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).autoCreateTopics(false)
                .config("message.max.bytes", Integer.toString(16 << 20)).start();
        for (String t : List.of("edgeobs.metrics", "edgeobs.spans", "edgeobs.logs")) {
            kafka.createTopic(t, 3);
        }
        registry = SchemaRegistryProcess.start(dir.resolve("registry.log"));
        Map<String, String> config = new HashMap<>(Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "edgeobs.gateway.schema-registry.url", registry.url(), "edgeobs.gateway.data-dir",
                dir.resolve("gateway").toString(), "edgeobs.gateway.admin-token", ADMIN, "quarkus.log.level", "WARN"));
        config.putAll(gatewayConfig);
        // -Dbench.gateway.<property>=<value> sets any gateway property, for experiments
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.gateway."))
                .forEach(k -> config.put(k.substring("bench.gateway.".length()), System.getProperty(k)));
        Path jar = Path.of("edge-gateway/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw -pl edge-gateway,bench -am package -DskipTests");
        }
        List<String> jvm = new java.util.ArrayList<>(GATEWAY_JVM);
        if (System.getProperty("bench.jvm") != null) {
            jvm.addAll(List.of(System.getProperty("bench.jvm").split(" ")));
        }
        gateway = AppProcess.launch(jar, 0, config, jvm, Path.of("bench/target/gateway-bench.log"));
        gateway.awaitReady(Duration.ofSeconds(120));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.url()
                        + "/admin/tokens")).header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"device\",\"tenant\":\"bench\",\"fleet\":\"f\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        token = r.body().replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    /** Records in edgeobs.metrics now (the sum of the partitions' end offsets). */
    long metricsRecords() throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition("edgeobs.metrics", p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    /** The gateway's pid (our only child JVM running the gateway jar). */
    long gatewayPid() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("edge-gateway/target/quarkus-app"))
                .findFirst().orElseThrow().pid();
    }

    /** Resident set size and its high-water mark, KiB. */
    long[] rssKib() throws Exception {
        long rss = 0;
        long hwm = 0;
        for (String l : Files.readAllLines(Path.of("/proc/" + gatewayPid() + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                rss = Long.parseLong(l.replaceAll("[^0-9]", ""));
            } else if (l.startsWith("VmHWM:")) {
                hwm = Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return new long[] {rss, hwm};
    }

    @Override
    public void close() {
        gateway.close();
        registry.close();
        kafka.close();
        DataDirs.deleteRecursively(dir);
    }
}

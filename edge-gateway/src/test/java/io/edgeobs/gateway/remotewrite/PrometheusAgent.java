package io.edgeobs.gateway.remotewrite;

import io.edgeobs.testsupport.DataDirs;
import io.edgeobs.testsupport.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Prometheus from Debian ({@code prometheus} package, 2.42) in agent mode: it scrapes a target and
 * remote-writes what it scraped. {@code .ci/run} installs it.
 */
final class PrometheusAgent implements AutoCloseable {

    private final Process process;
    private final Path dir;

    private PrometheusAgent(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** Scrapes {@code target} ({@code host:port}, path {@code metricsPath}) every second and writes to {@code writeUrl}. */
    static PrometheusAgent start(String target, String metricsPath, String writeUrl, String apiKey) {
        Path binary = Path.of("/usr/bin/prometheus");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("prometheus is not installed; install it with 'apt-get install prometheus' "
                    + "(.ci/run does this)");
        }
        Path dir = DataDirs.temporary("prometheus-agent-");
        String config = """
                global:
                  scrape_interval: 1s
                  external_labels:
                    agent: it
                scrape_configs:
                  - job_name: gateway
                    metrics_path: %s
                    static_configs:
                      - targets: ['%s']
                remote_write:
                  - url: %s
                    authorization:
                      credentials: %s
                    queue_config:
                      batch_send_deadline: 1s
                      min_backoff: 100ms
                      max_backoff: 1s
                    metadata_config:
                      send_interval: 1s
                """.formatted(metricsPath, target, writeUrl, apiKey);
        try {
            Files.writeString(dir.resolve("prometheus.yml"), config);
            Process p = new ProcessBuilder(List.of(binary.toString(), "--enable-feature=agent",
                    "--config.file=" + dir.resolve("prometheus.yml"), "--storage.agent.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + FreePorts.pick()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            return new PrometheusAgent(p, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DataDirs.deleteRecursively(dir);
    }
}

package io.edgeobs.testsupport.process;

import io.edgeobs.testsupport.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus node_exporter (Debian's {@code prometheus-node-exporter}) on a free loopback port, for tests that
 * scrape a real peer. {@code .ci/run} installs the package; {@link #start} says how when it is missing.
 */
public final class NodeExporter implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("/usr/bin/prometheus-node-exporter",
            "/usr/local/bin/node_exporter", "/usr/bin/node_exporter");

    private final Process process;
    private final int port;

    private NodeExporter(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts node_exporter and waits (at most 20 s) until {@code /metrics} answers. */
    public static NodeExporter start(Path log) {
        String binary = CANDIDATES.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IllegalStateException("node_exporter is not installed; install it with "
                        + "'apt-get install prometheus-node-exporter' (.ci/run does this)"));
        int port = FreePorts.pick();
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process p = new ProcessBuilder(binary, "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            NodeExporter exporter = new NodeExporter(p, port);
            exporter.awaitReady(log);
            return exporter;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    public URI metricsUrl() {
        return URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    public int port() {
        return port;
    }

    private void awaitReady(Path log) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node_exporter exited: " + Files.readString(log));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(metricsUrl()).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for node_exporter", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for node_exporter", e);
            }
        }
        close();
        throw new IllegalStateException("node_exporter did not answer on port " + port + " within 20 s: "
                + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

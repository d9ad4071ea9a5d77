package io.edgeobs.model.manifest;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The watcher fetching the wire form from a real HTTP server on 127.0.0.1 (the JDK's), as from the gateway. */
class HttpManifestSourceTest {

    @TempDir
    Path dir;

    private ManifestFixture fx;
    private HttpServer server;
    private final AtomicReference<byte[]> served = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        fx = new ManifestFixture(dir);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/manifests/trams", exchange -> {
            requests.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("If-None-Match"));
            byte[] body = served.get();
            String etag = "\"" + Digests.sha256Hex(body).substring(0, 16) + "\"";
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match")) && status.get() == 200) {
                exchange.sendResponseHeaders(304, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", SignedManifest.MEDIA_TYPE);
                exchange.getResponseHeaders().add("ETag", etag);
                exchange.sendResponseHeaders(status.get(), body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private ManifestWatcher watcher() {
        URI gateway = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        return ManifestWatcher.builder(fx.verifier())
                .http(HttpManifestSource.gatewayUrl(gateway, "trams"), dir, Optional.of("device-token"), Duration.ofSeconds(10))
                .build();
    }

    @Test
    void shouldApplyFetchedManifestsAndRefuseATamperedOne() {
        // Given
        fx.writeFile("targets.yaml", "targets: []\n");
        served.set(fx.signer.sign(fx.agentYaml(1, "targets.yaml").getBytes(StandardCharsets.UTF_8)).toWire());
        ManifestWatcher w = watcher();

        // When
        w.poll();
        served.set(fx.signer.sign(fx.agentYaml(2, "targets.yaml").getBytes(StandardCharsets.UTF_8)).toWire());
        w.poll();
        SignedManifest good = fx.signer.sign(fx.agentYaml(3, "targets.yaml").getBytes(StandardCharsets.UTF_8));
        byte[] tampered = fx.agentYaml(3, "targets.yaml").replace("0.01", "0.99").getBytes(StandardCharsets.UTF_8);
        served.set(new SignedManifest(tampered, good.signature()).toWire());
        w.poll();
        w.poll();

        // Then: no settling for HTTP, one refusal for the tampered document, version 2 in force
        assertThat(w.current().orElseThrow().version()).isEqualTo(2);
        assertThat(w.current().orElseThrow().fileText("targets.yaml")).isEqualTo("targets: []\n");
        assertThat(w.refusals()).containsExactly(Map.entry(RefusalReason.SIGNATURE, 1L));
        assertThat(requests).first().isEqualTo("Bearer device-token null");
    }

    @Test
    void shouldAskConditionallyAndReportAnUnavailableGatewayOnce() {
        // Given
        served.set(fx.signer.sign(fx.agentYaml(1).getBytes(StandardCharsets.UTF_8)).toWire());
        ManifestWatcher w = watcher();
        w.poll();

        // When
        w.poll();
        status.set(503);
        w.poll();
        w.poll();
        server.stop(0);
        w.poll();

        // Then
        assertThat(requests.get(1)).endsWith("\"" + Digests.sha256Hex(served.get()).substring(0, 16) + "\"");
        assertThat(w.current().orElseThrow().version()).isEqualTo(1);
        assertThat(w.refusals()).containsExactly(Map.entry(RefusalReason.UNAVAILABLE, 2L));
    }

    @Test
    void shouldRefuseAnAnswerThatIsNotASignedManifest() {
        // Given
        served.set("<html>login</html>".getBytes(StandardCharsets.UTF_8));
        ManifestWatcher w = watcher();

        // When
        w.poll();

        // Then
        assertThat(w.current()).isEmpty();
        assertThat(w.refusals()).containsExactly(Map.entry(RefusalReason.MALFORMED, 1L));
    }

    @Test
    void shouldLetTheGatewaysNewerManifestWinOverTheLocalFileWithoutRefusingTheFile() {
        // Given: the local file has version 1, the gateway version 2
        fx.writeSigned(fx.agentYaml(1));
        served.set(fx.signer.sign(fx.agentYaml(2).getBytes(StandardCharsets.UTF_8)).toWire());
        URI gateway = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        ManifestWatcher w = ManifestWatcher.builder(fx.verifier()).file(fx.manifestFile)
                .http(HttpManifestSource.gatewayUrl(gateway, "trams"), dir, Optional.empty(), Duration.ofSeconds(10))
                .build();

        // When
        w.poll();
        w.poll();
        w.poll();

        // Then: the file's version 1 applied first, then the gateway's 2; the unchanged file is not refused later
        assertThat(w.current().orElseThrow().version()).isEqualTo(2);
        assertThat(w.refusals()).isEmpty();
    }
}

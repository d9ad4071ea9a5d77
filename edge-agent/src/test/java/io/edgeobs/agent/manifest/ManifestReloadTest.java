package io.edgeobs.agent.manifest;

import com.sun.net.httpserver.HttpServer;
import io.edgeobs.agent.ingest.Accepted;
import io.edgeobs.agent.ingest.Ingest;
import io.edgeobs.agent.testing.ExportFile;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.Signal;
import io.edgeobs.model.manifest.Ed25519;
import io.edgeobs.model.manifest.KeyFiles;
import io.edgeobs.model.manifest.ManifestSigner;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The agent driven by a signed manifest file: a good new version is applied without a restart; a tampered one, one
 * signed by an untrusted key, or one whose referenced file changed is refused, counted, and the last good one stays.
 */
@QuarkusTest
@TestProfile(ManifestReloadTest.ManifestProfile.class)
class ManifestReloadTest {

    /**
     * A fixed place: the profile (which prepares it before the agent starts) and the test run in different class
     * loaders, so they share files, not static fields.
     */
    static final Path DIR = Path.of("target/agent-manifest-test").toAbsolutePath();

    public static class ManifestProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                io.edgeobs.testsupport.DataDirs.deleteRecursively(DIR);
                Files.createDirectories(DIR);
                KeyPair key = Ed25519.generate();
                KeyFiles.writePrivateKey(DIR.resolve("signing.key"), key.getPrivate(), true);
                KeyFiles.writePublicKey(DIR.resolve("trusted.pub"), key.getPublic(), true);
                sign(manifest(1, "logs: {perSecond: {info: 1}}", ""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("edgeobs.agent.fleet", "test-fleet",
                    "edgeobs.agent.data-dir", DIR.resolve("data").toString(),
                    "edgeobs.agent.export.file", ExportFile.PATH.toString(),
                    "edgeobs.agent.manifest.file", DIR.resolve("manifest.yaml").toString(),
                    "edgeobs.agent.manifest.trusted-keys", DIR.resolve("trusted.pub").toString(),
                    "edgeobs.agent.manifest.poll-interval", "200ms",
                    "edgeobs.agent.self-telemetry.interval", "0s");
        }
    }

    private static HttpServer probe;
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Inject
    Ingest ingest;

    @BeforeAll
    static void startProbe() throws IOException {
        probe = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        probe.createContext("/metrics", ex -> {
            byte[] body = ("# TYPE probe_" + RUN + " gauge\nprobe_" + RUN + " 7\n").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        probe.start();
    }

    @AfterAll
    static void stopProbe() {
        probe.stop(0);
    }

    @Test
    void shouldApplyAGoodNewManifestWithoutRestartAndRefuseTamperedOnesKeepingTheLastGood() throws Exception {
        // Given version 1 in force: info logs limited to 1 per second
        metricsPage(containsString("edgeobs_agent_manifest_version 1.0"));
        assertThat(infoLogsKept()).isEqualTo(1);

        // When version 2 is written: info logs unlimited, and a scrape target listed in a referenced file
        Files.writeString(DIR.resolve("targets.yaml"), "- name: probe\n  url: http://127.0.0.1:"
                + probe.getAddress().getPort() + "/metrics\n  interval: 500ms\n");
        sign(manifest(2, "logs: {perSecond: {info: 1000}}", "scrape: {targetsFile: targets.yaml}",
                "targets.yaml"));

        // Then it is applied without a restart: the limit is gone and the new target is scraped
        metricsPage(containsString("edgeobs_agent_manifest_version 2.0"));
        assertThat(infoLogsKept()).isEqualTo(5);
        await().atMost(Duration.ofSeconds(20)).until(() -> ExportFile.batchesContaining("probe_" + RUN).stream()
                .flatMap(b -> b.metrics().stream()).anyMatch(p -> p.name().equals("probe_" + RUN) && p.value() == 7
                        && "probe".equals(p.tags().get("job"))));

        // When version 3 is changed after it was signed
        sign(manifest(3, "logs: {perSecond: {info: 1}}", ""));
        Files.writeString(DIR.resolve("manifest.yaml"), Files.readString(DIR.resolve("manifest.yaml"))
                .replace("info: 1}", "info: 9}"));
        // Then it is refused as a bad signature and version 2 stays in force
        metricsPage(containsString("edgeobs_agent_manifest_refused_total{reason=\"signature\",} 1.0"));

        // When version 4 is signed by a key the device does not trust
        signWith(new ManifestSigner(Ed25519.generate().getPrivate()), manifest(4, "logs: {perSecond: {info: 1}}", ""));
        metricsPage(containsString("edgeobs_agent_manifest_refused_total{reason=\"untrusted_key\",} 1.0"));

        // When version 5 is signed properly but its referenced file is changed afterwards
        sign(manifest(5, "logs: {perSecond: {info: 1}}", "scrape: {targetsFile: targets.yaml}", "targets.yaml"));
        Files.writeString(DIR.resolve("targets.yaml"), "- name: elsewhere\n  url: http://127.0.0.1:1/metrics\n");
        metricsPage(containsString("edgeobs_agent_manifest_refused_total{reason=\"checksum\",} 1.0"));

        // Then version 2 is still the one in force
        metricsPage(containsString("edgeobs_agent_manifest_version 2.0"));
        assertThat(infoLogsKept()).isEqualTo(5);
    }

    /** Five info logs at once: how many the policy in force keeps. */
    private int infoLogsKept() {
        long now = System.currentTimeMillis() * 1_000_000L;
        List<LogRecord> logs = IntStream.range(0, 5).mapToObj(i -> LogRecord.of(now + i, LogLevel.INFO, "line " + i))
                .toList();
        Accepted a = ingest.accept(Signal.LOGS, logs).await().atMost(Duration.ofSeconds(10));
        return a.accepted();
    }

    private static void metricsPage(org.hamcrest.Matcher<String> matcher) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().accept("text/plain; version=0.0.4").get("/q/metrics").then().body(matcher));
    }

    static String manifest(long version, String policy, String scrape, String... files) throws IOException {
        StringBuilder b = new StringBuilder("""
                apiVersion: edgeobs/v1
                kind: AgentManifest
                version: %d
                fleet: test-fleet
                deviceType: generic
                schemas:
                  edgeobs.metrics: 1
                """.formatted(version));
        if (files.length > 0) {
            b.append("files:\n");
            for (String f : files) {
                b.append("  ").append(f).append(": ").append(sha256(DIR.resolve(f))).append('\n');
            }
        }
        b.append("spec:\n  policy:\n    ").append(policy).append('\n');
        if (!scrape.isEmpty()) {
            b.append("  ").append(scrape).append('\n');
        }
        return b.toString();
    }

    static void sign(String yaml) throws IOException {
        signWith(new ManifestSigner(KeyFiles.readPrivateKey(DIR.resolve("signing.key"))), yaml);
    }

    static void signWith(ManifestSigner signer, String yaml) throws IOException {
        signer.sign(yaml.getBytes(StandardCharsets.UTF_8)).write(DIR.resolve("manifest.yaml"));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.edgeobs.gateway.manifest;

import io.edgeobs.gateway.policy.PolicyHolder;
import io.edgeobs.model.manifest.Ed25519;
import io.edgeobs.model.manifest.KeyFiles;
import io.edgeobs.model.manifest.ManifestSigner;
import io.edgeobs.testsupport.DataDirs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The gateway's policy from its signed manifest: a good new version goes into force without a restart; a tampered
 * one, or one whose policy does not parse, is refused and counted, and the policy in force stays.
 */
@QuarkusTest
@TestProfile(GatewayManifestTest.ManifestProfile.class)
class GatewayManifestTest {

    /** Shared through files: the profile prepares it before the gateway starts, in another class loader. */
    static final Path DIR = Path.of("target/gateway-manifest-test").toAbsolutePath();

    public static class ManifestProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                DataDirs.deleteRecursively(DIR);
                Files.createDirectories(DIR);
                KeyPair key = Ed25519.generate();
                KeyFiles.writePrivateKey(DIR.resolve("signing.key"), key.getPrivate(), true);
                KeyFiles.writePublicKey(DIR.resolve("trusted.pub"), key.getPublic(), true);
                publish(1, "version: 5\nrules: []\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("edgeobs.gateway.manifest.file", DIR.resolve("manifest.yaml").toString(),
                    "edgeobs.gateway.manifest.trusted-keys", DIR.resolve("trusted.pub").toString(),
                    "edgeobs.gateway.manifest.fleet", "test-fleet",
                    "edgeobs.gateway.manifest.poll-interval", "200ms");
        }
    }

    @Inject
    PolicyHolder holder;

    @Test
    void shouldTakeThePolicyFromTheSignedManifestAndKeepTheLastGoodOne() throws Exception {
        // Given version 1 of the manifest, whose policy is version 5
        await().atMost(Duration.ofSeconds(20)).until(() -> holder.engine().document().version() == 5);

        // When version 2 brings policy version 6
        publish(2, "version: 6\nrules: [{name: no-debug, match: {signal: logs, level: debug}, action: drop}]\n");

        // Then it is in force without a restart
        await().atMost(Duration.ofSeconds(20)).until(() -> holder.engine().document().version() == 6);
        metricsPage(containsString("edgeobs_gateway_manifest_version 2.0"));

        // When version 3 is changed after signing
        publish(3, "version: 7\nrules: []\n");
        Files.writeString(DIR.resolve("manifest.yaml"), Files.readString(DIR.resolve("manifest.yaml"))
                .replace("version: 3", "version: 33"));
        metricsPage(containsString("edgeobs_gateway_manifest_refused_total{reason=\"signature\",} 1.0"));

        // When version 4 is signed but its policy has a typo
        publish(4, "version: 8\nrules: [{name: x, action: dorp}]\n");
        metricsPage(containsString("edgeobs_gateway_manifest_refused_total{reason=\"malformed\",} 1.0"));

        // Then policy version 6 (manifest 2) is still in force
        assertThat(holder.engine().document().version()).isEqualTo(6);
        metricsPage(containsString("edgeobs_gateway_manifest_version 2.0"));
    }

    private static void metricsPage(org.hamcrest.Matcher<String> matcher) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().accept("text/plain; version=0.0.4").get("/q/metrics").then().body(matcher));
    }

    /** Writes the policy, a manifest of this version referencing it, and signs it. */
    static void publish(long version, String policy) throws IOException {
        Files.writeString(DIR.resolve("policy.yaml"), policy);
        String yaml = "apiVersion: edgeobs/v1\nkind: GatewayManifest\nversion: " + version + "\nfleet: test-fleet\n"
                + "files:\n  policy.yaml: " + sha256(DIR.resolve("policy.yaml")) + "\nspec:\n  policyFile: policy.yaml\n";
        new ManifestSigner(KeyFiles.readPrivateKey(DIR.resolve("signing.key")))
                .sign(yaml.getBytes(StandardCharsets.UTF_8)).write(DIR.resolve("manifest.yaml"));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

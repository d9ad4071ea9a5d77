package io.edgeobs.gateway.manifest;

import io.edgeobs.gateway.support.Gateway;
import io.edgeobs.model.manifest.Ed25519;
import io.edgeobs.model.manifest.HttpManifestSource;
import io.edgeobs.model.manifest.ManifestLimits;
import io.edgeobs.model.manifest.ManifestSigner;
import io.edgeobs.model.manifest.ManifestTarget;
import io.edgeobs.model.manifest.ManifestVerifier;
import io.edgeobs.model.manifest.RollbackFloor;
import io.edgeobs.model.manifest.SignedManifest;
import io.edgeobs.model.manifest.TrustedKeys;
import io.edgeobs.model.manifest.VerifiedManifest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The gateway hands a fleet's signed agent manifest to that fleet's devices, which verify it themselves. */
@QuarkusTest
class ManifestsResourceTest {

    /** The test profile's edgeobs.gateway.manifest.agent-manifests-dir. */
    private static final Path PUBLISHED = Path.of("target/agent-manifests");

    @TestHTTPResource("/")
    URI gateway;

    @Test
    void shouldServeTheFleetsSignedManifestThatTheAgentVerifiesAndAnswer304WhenUnchanged() throws Exception {
        // Given a signed agent manifest published for a fleet, and a device token of that fleet
        String fleet = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
        KeyPair key = Ed25519.generate();
        Path dir = Files.createDirectories(PUBLISHED.resolve(fleet));
        String yaml = "apiVersion: edgeobs/v1\nkind: AgentManifest\nversion: 4\nfleet: " + fleet
                + "\nspec:\n  policy:\n    traces: {rate: 0.05}\n";
        new ManifestSigner(key.getPrivate()).sign(yaml.getBytes(StandardCharsets.UTF_8)).write(dir.resolve("manifest.yaml"));
        String token = Gateway.deviceToken("t1", fleet);

        // When the agent's own HTTP source fetches it through the gateway
        HttpManifestSource source = new HttpManifestSource(HttpManifestSource.gatewayUrl(gateway, fleet), dir,
                Optional.of(token), Duration.ofSeconds(5));
        SignedManifest fetched = source.read(ManifestLimits.DEFAULTS);

        // Then it is byte for byte what was published, and the agent's verification accepts it
        assertThat(fetched.manifest()).isEqualTo(yaml.getBytes(StandardCharsets.UTF_8));
        VerifiedManifest v = new ManifestVerifier(TrustedKeys.of(key.getPublic()), ManifestTarget.agent(fleet,
                Optional.empty())).verify(fetched, dir, RollbackFloor.NONE);
        assertThat(v.version()).isEqualTo(4);

        // And asking again with its ETag gets a 304
        String etag = given().header("Authorization", "Bearer " + token).get("/v1/manifests/" + fleet).then()
                .statusCode(200).contentType(SignedManifest.MEDIA_TYPE).extract().header("ETag");
        given().header("Authorization", "Bearer " + token).header("If-None-Match", etag).get("/v1/manifests/" + fleet)
                .then().statusCode(304);
    }

    @Test
    void shouldServeAManifestOnlyToDevicesOfItsFleet() {
        String fleet = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
        String otherFleetsToken = Gateway.deviceToken("t1", "some-other-fleet");

        given().get("/v1/manifests/" + fleet).then().statusCode(401);
        given().header("Authorization", "Bearer " + otherFleetsToken).get("/v1/manifests/" + fleet).then()
                .statusCode(403).body(containsString("is for fleet some-other-fleet"));
        given().header("Authorization", "Bearer " + Gateway.apiKey("t1", fleet)).get("/v1/manifests/" + fleet).then()
                .statusCode(403);
        given().header("Authorization", "Bearer " + Gateway.deviceToken("t1", fleet)).get("/v1/manifests/" + fleet)
                .then().statusCode(404).contentType("application/problem+json")
                .body(containsString("no agent manifest is published for fleet " + fleet));
    }
}

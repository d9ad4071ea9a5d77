package io.edgeobs.gateway.auth;

import io.edgeobs.testsupport.DataDirs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialStoreTest {

    @Test
    void shouldKeepOnlyTheHashAndFindTheTokenAgainAfterARestart() throws Exception {
        // Given a token issued by one store
        Path dir = DataDirs.temporary("credentials-");
        Path file = dir.resolve("credentials.json");
        CredentialStore store = new CredentialStore(file, Clock.systemUTC());
        CredentialStore.Issued issued = store.issue(Credential.Kind.DEVICE, "acme", "pumps", "pump-1", "line 3");

        // Then the file holds its hash, never the token, and is readable by its owner only
        String text = Files.readString(file);
        assertThat(text).doesNotContain(issued.token()).contains(CredentialStore.sha256(issued.token()));
        assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThat(issued.token()).startsWith("edgeobs_dt_").hasSizeGreaterThan(40);

        // and a new store (a restart) finds it, and after revocation still knows it, as revoked
        CredentialStore reopened = new CredentialStore(file, Clock.systemUTC());
        assertThat(reopened.find(issued.token())).hasValueSatisfying(c -> {
            assertThat(c.tenant()).isEqualTo("acme");
            assertThat(c.deviceId()).isEqualTo("pump-1");
            assertThat(c.isRevoked()).isFalse();
        });
        reopened.revoke(issued.credential().id());
        assertThat(new CredentialStore(file, Clock.systemUTC()).find(issued.token()).orElseThrow().isRevoked()).isTrue();
        assertThat(reopened.find("edgeobs_dt_other")).isEmpty();
        DataDirs.deleteRecursively(dir);
    }

    @Test
    void shouldRefuseNamesThatWouldBreakTheKafkaKey() {
        Path dir = DataDirs.temporary("credentials-");
        CredentialStore store = new CredentialStore(dir.resolve("c.json"), Clock.systemUTC());
        assertThatThrownBy(() -> store.issue(Credential.Kind.DEVICE, "a/b", "f", null, null))
                .hasMessageContaining("tenant must be 1 to 128 letters");
        assertThatThrownBy(() -> store.issue(Credential.Kind.API_KEY, "a", "f", "dev", null))
                .hasMessageContaining("an api-key belongs to a tenant and fleet");
        DataDirs.deleteRecursively(dir);
    }

    @Test
    void shouldKnowASeededApiKeyWithoutWritingItAndKeepItsRevocation() throws Exception {
        // Given a store with one seeded api-key
        Path dir = DataDirs.temporary("credentials-");
        Path file = dir.resolve("credentials.json");
        String token = "0123456789abcdef0123456789abcdef";
        CredentialStore store = new CredentialStore(file, Clock.systemUTC(), List.of("local:edgeobs-local:services:" + token));

        // Then the token is an api-key of that tenant and fleet, and issuing another keeps it out of the file
        assertThat(store.find(token)).hasValueSatisfying(c -> {
            assertThat(c.kind()).isEqualTo(Credential.Kind.API_KEY);
            assertThat(c.tenant()).isEqualTo("local");
            assertThat(c.fleet()).isEqualTo("edgeobs-local");
            assertThat(c.name()).isEqualTo("services");
        });
        store.issue(Credential.Kind.DEVICE, "local", "local", null, null);
        assertThat(Files.readString(file)).doesNotContain(CredentialStore.sha256(token));
        assertThat(new CredentialStore(file, Clock.systemUTC()).find(token)).isEmpty();

        // When it is revoked, a restart with the same seed still finds it revoked
        store.revoke(store.find(token).orElseThrow().id());
        assertThat(new CredentialStore(file, Clock.systemUTC(), List.of("local:edgeobs-local:services:" + token))
                .find(token).orElseThrow().isRevoked()).isTrue();

        // and a malformed or short entry is refused, naming the property
        assertThatThrownBy(() -> new CredentialStore(file, Clock.systemUTC(), List.of("local:services:" + token)))
                .hasMessageContaining("edgeobs.gateway.seed-api-keys");
        assertThatThrownBy(() -> new CredentialStore(file, Clock.systemUTC(), List.of("local:f:n:short")))
                .hasMessageContaining("at least 24 characters");
        DataDirs.deleteRecursively(dir);
    }
}

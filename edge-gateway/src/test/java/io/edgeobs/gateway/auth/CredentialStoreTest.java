package io.edgeobs.gateway.auth;

import io.edgeobs.testsupport.DataDirs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

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
}

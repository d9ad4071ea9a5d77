package io.edgeobs.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Tokens of the local stack, made once and kept (owner-readable only) under the stack's home. */
final class Secrets {

    private Secrets() {
    }

    static Path tokenFile(StackOptions o) {
        return o.home().resolve("registry-admin-token");
    }

    /** The schema registry's admin token: {@code curl -H "Authorization: Bearer $(cat .edgeobs/registry-admin-token)"}. */
    static String registryAdminToken(StackOptions o) {
        return token(tokenFile(o), "registry");
    }

    static Path gatewayTokenFile(StackOptions o) {
        return o.home().resolve("gateway-admin-token");
    }

    /** The gateway's admin token: {@code curl -H "Authorization: Bearer $(cat .edgeobs/gateway-admin-token)"}. */
    static String gatewayAdminToken(StackOptions o) {
        return token(gatewayTokenFile(o), "gateway");
    }

    static Path queryKeyFile(StackOptions o) {
        return o.home().resolve("query-admin-key");
    }

    /**
     * An admin API key of tenant {@code local} (the local agent's tenant) for the query service:
     * {@code curl -H "X-API-Key: $(cat .edgeobs/query-admin-key)" localhost:8082/api/v1/fleet/devices}.
     */
    static String queryAdminKey(StackOptions o) {
        return token(queryKeyFile(o), "query");
    }

    static Path servicesKeyFile(StackOptions o) {
        return o.home().resolve("services-otlp-key");
    }

    /**
     * The tenant api-key (tenant {@code local}, fleet {@code edgeobs-local}) the services send their own traces to the
     * gateway with: seeded into the gateway at its start (ADR 0070), so no service waits for the gateway to issue it.
     */
    static String servicesOtlpKey(StackOptions o) {
        return token(servicesKeyFile(o), "services' OTLP");
    }

    private static String token(Path file, String what) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            Files.createDirectories(file.getParent());
            Files.writeString(file, token + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on file systems without POSIX permissions
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the " + what + " admin token in " + file, e);
        }
    }
}

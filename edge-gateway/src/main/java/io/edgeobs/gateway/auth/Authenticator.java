package io.edgeobs.gateway.auth;

import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.gateway.error.GatewayException;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Turns an {@code Authorization} header into the credential behind it. {@code Bearer <token>} everywhere; also
 * {@code Basic} with the token as the password, because that is what Prometheus and many collectors can send.
 * Missing or unknown credentials are 401; a revoked token, or one of the wrong kind, is 403.
 */
@ApplicationScoped
public class Authenticator {

    private final CredentialStore store;
    private final Optional<byte[]> adminToken;

    public Authenticator(CredentialStore store, GatewayConfig config) {
        this.store = store;
        this.adminToken = config.adminToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /** The credential of a request that needs one of {@code kind}. */
    public Credential authenticate(String authorization, Credential.Kind kind) {
        String token = token(authorization);
        Credential c = store.find(token).orElseThrow(() -> new GatewayException.Unauthorized(
                "unknown token: the gateway did not issue it (ask its admin for a " + kind.wireName() + " token)"));
        if (c.isRevoked()) {
            throw new GatewayException.Forbidden(c.kind().wireName() + " " + c.id() + " was revoked at " + c.revokedAt());
        }
        if (c.kind() != kind) {
            throw new GatewayException.Forbidden("a " + c.kind().wireName() + " token cannot be used here: this endpoint "
                    + (kind == Credential.Kind.DEVICE ? "is for edge agents and takes a device token"
                    : "is for standard clients and takes a tenant api-key"));
        }
        return c;
    }

    /** The credential of a request that either {@code kind} may make. */
    public Credential authenticateAny(String authorization) {
        String token = token(authorization);
        Credential c = store.find(token).orElseThrow(() -> new GatewayException.Unauthorized(
                "unknown token: the gateway did not issue it"));
        if (c.isRevoked()) {
            throw new GatewayException.Forbidden(c.kind().wireName() + " " + c.id() + " was revoked at " + c.revokedAt());
        }
        return c;
    }

    /** Whether the header carries the admin token (compared in constant time). */
    public boolean isAdmin(String authorization) {
        if (adminToken.isEmpty() || authorization == null) {
            return false;
        }
        return MessageDigest.isEqual(adminToken.get(), token(authorization).getBytes(StandardCharsets.UTF_8));
    }

    /** Refuses a request to the admin API that does not carry the admin token. */
    public void requireAdmin(String authorization) {
        if (adminToken.isEmpty()) {
            throw new GatewayException.Forbidden("the admin API is disabled: start the gateway with "
                    + "edgeobs.gateway.admin-token set");
        }
        if (authorization == null || authorization.isBlank()) {
            throw new GatewayException.Unauthorized("the admin API needs Authorization: Bearer <admin token>");
        }
        if (!isAdmin(authorization)) {
            throw new GatewayException.Unauthorized("that is not the admin token");
        }
    }

    private static String token(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new GatewayException.Unauthorized("missing credentials: send Authorization: Bearer <token>");
        }
        String h = authorization.trim();
        int space = h.indexOf(' ');
        String scheme = space < 0 ? h : h.substring(0, space);
        String value = space < 0 ? "" : h.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer") && !value.isEmpty()) {
            return value;
        }
        if (scheme.equalsIgnoreCase("Basic") && !value.isEmpty()) {
            try {
                String userAndPassword = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = userAndPassword.indexOf(':');
                String password = colon < 0 ? "" : userAndPassword.substring(colon + 1);
                if (!password.isEmpty()) {
                    return password;
                }
            } catch (IllegalArgumentException e) {
                throw new GatewayException.Unauthorized("the Basic credentials are not base64");
            }
        }
        throw new GatewayException.Unauthorized("unsupported Authorization header: use Bearer <token> (or Basic with "
                + "the token as the password)");
    }
}

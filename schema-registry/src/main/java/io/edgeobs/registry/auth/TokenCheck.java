package io.edgeobs.registry.auth;

import io.edgeobs.registry.config.RegistryConfig;
import io.edgeobs.registry.error.RegistryException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * Writes (register, delete, config changes) need the admin token; reads need the reader or admin token unless reads
 * are open. A token comes as {@code Authorization: Bearer <token>} or as the password of Basic auth (what Confluent
 * clients send with {@code basic.auth.user.info}). Tokens are compared in constant time, on their SHA-256 digests.
 */
@ApplicationScoped
public class TokenCheck {

    private static final Logger LOG = Logger.getLogger(TokenCheck.class);

    private final Optional<byte[]> admin;
    private final Optional<byte[]> reader;
    private final boolean readsOpen;

    public TokenCheck(RegistryConfig config) {
        this.admin = config.auth().adminToken().filter(t -> !t.isBlank()).map(TokenCheck::digest);
        this.reader = config.auth().readerToken().filter(t -> !t.isBlank()).map(TokenCheck::digest);
        this.readsOpen = config.auth().readsOpen();
        if (admin.isEmpty()) {
            LOG.warn("no edgeobs.registry.auth.admin-token is set: every write (register, delete, config) is refused");
        }
    }

    @ServerRequestFilter
    public void check(ContainerRequestContext request) {
        boolean write = isWrite(request.getMethod(), request.getUriInfo().getPath());
        Optional<byte[]> presented = token(request.getHeaderString(HttpHeaders.AUTHORIZATION)).map(TokenCheck::digest);
        boolean isAdmin = presented.isPresent() && admin.isPresent() && MessageDigest.isEqual(presented.get(), admin.get());
        if (write) {
            if (isAdmin) {
                return;
            }
            if (presented.isEmpty()) {
                throw new RegistryException(401, 40101, "this request changes the registry and needs the admin token "
                        + "(Authorization: Bearer <token>)");
            }
            throw new RegistryException(403, 40301, "the token presented may not change the registry");
        }
        if (readsOpen || isAdmin) {
            return;
        }
        boolean isReader = presented.isPresent() && reader.isPresent() && MessageDigest.isEqual(presented.get(), reader.get());
        if (!isReader) {
            throw new RegistryException(401, 40101, "reading the registry needs a reader token "
                    + "(Authorization: Bearer <token>)");
        }
    }

    /** Look-ups and compatibility checks are POSTs that change nothing. */
    static boolean isWrite(String method, String path) {
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return false;
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        if ("POST".equals(method)) {
            return !(p.startsWith("compatibility/") || (p.startsWith("subjects/") && !p.contains("/versions")));
        }
        return true;
    }

    private static Optional<String> token(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(authorization.substring(7).trim());
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String userPass = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = userPass.indexOf(':');
                return Optional.of(colon >= 0 ? userPass.substring(colon + 1) : userPass);
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

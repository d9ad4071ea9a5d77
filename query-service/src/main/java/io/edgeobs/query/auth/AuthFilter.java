package io.edgeobs.query.auth;

import io.edgeobs.query.api.ProblemMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Every request under {@code /api} needs an API key: {@code X-API-Key: <key>} (what Grafana's data sources send
 * as a custom header), {@code Authorization: Bearer <key>}, or Basic with the key as the password. 401 without a
 * valid key; 403 for a revoked key or a role below the endpoint's {@link Requires}. Health, metrics and OpenAPI
 * under {@code /q} stay open.
 */
public class AuthFilter {

    private static final Logger LOG = Logger.getLogger(AuthFilter.class);
    public static final String HEADER = "X-API-Key";

    @Inject
    ApiKeyStore keys;
    @Inject
    Caller caller;

    /** Runs on the endpoint's worker thread (the key lookup may read the database). */
    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api")) {
            return Optional.empty();
        }
        String secret = secret(request);
        if (secret == null) {
            return deny(401, "unauthorized", "this endpoint needs an API key: send " + HEADER
                    + ": <key> or Authorization: Bearer <key> (an admin makes keys at POST /api/v1/admin/keys)");
        }
        Optional<ApiKey> key = keys.find(secret);
        if (key.isEmpty()) {
            return deny(401, "unauthorized", "unknown API key: it was not made by this query service");
        }
        ApiKey k = key.get();
        if (k.isRevoked()) {
            return deny(403, "forbidden", "API key " + k.id() + " (" + k.name() + ") was revoked at " + k.revokedAt());
        }
        Role needed = needed(resource);
        if (!k.role().includes(needed)) {
            return deny(403, "forbidden", "this needs the " + needed.wireName() + " role; key " + k.id() + " ("
                    + k.name() + ") has " + k.role().wireName());
        }
        caller.authenticate(k);
        return Optional.empty();
    }

    private static Role needed(ResourceInfo resource) {
        if (resource != null && resource.getResourceMethod() != null) {
            Requires m = resource.getResourceMethod().getAnnotation(Requires.class);
            if (m != null) {
                return m.value();
            }
            Requires c = resource.getResourceClass().getAnnotation(Requires.class);
            if (c != null) {
                return c.value();
            }
        }
        return Role.VIEWER;
    }

    private static String secret(ContainerRequestContext request) {
        String header = request.getHeaderString(HEADER);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String auth = request.getHeaderString("Authorization");
        if (auth == null || auth.isBlank()) {
            return null;
        }
        String a = auth.trim();
        if (a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return a.substring(7).trim();
        }
        if (a.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(a.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? decoded : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static Optional<Response> deny(int status, String title, String detail) {
        LOG.debugf("request refused with %d: %s", status, detail);
        return Optional.of(ProblemMapper.problem(status, title, detail, null));
    }
}

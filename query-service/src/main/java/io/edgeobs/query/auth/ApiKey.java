package io.edgeobs.query.auth;

import java.time.Instant;

/** A stored API key (never its secret): id, tenant, name, role, the secret's first characters, when made and revoked. */
public record ApiKey(String id, String tenant, String name, Role role, String prefix, Instant createdAt,
                     String createdBy, Instant revokedAt, Instant lastUsedAt) {

    public boolean isRevoked() {
        return revokedAt != null;
    }
}

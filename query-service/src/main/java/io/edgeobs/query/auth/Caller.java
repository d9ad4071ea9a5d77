package io.edgeobs.query.auth;

import io.edgeobs.query.api.QueryException;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who is asking: the tenant and role of the request's API key, set by {@link AuthFilter} before any resource runs.
 * Every query takes its tenant from here and puts it in SQL; nothing takes a tenant from the request.
 */
@RequestScoped
public class Caller {

    private ApiKey key;

    void authenticate(ApiKey key) {
        this.key = key;
    }

    /** The caller's tenant. */
    public String tenant() {
        return key().tenant();
    }

    public Role role() {
        return key().role();
    }

    public ApiKey key() {
        if (key == null) {
            throw new QueryException.Unauthorized("this endpoint needs an API key: send X-API-Key: <key> or "
                    + "Authorization: Bearer <key>");
        }
        return key;
    }
}

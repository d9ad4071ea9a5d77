package io.edgeobs.gateway.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.edgeobs.gateway.error.GatewayException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/tokens}: issue, list and revoke device tokens and tenant API keys. Guarded by the admin token. The
 * token itself appears once, in the answer to the request that issued it.
 */
@Path("/admin/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AdminResource {

    /** The body of {@code POST /admin/tokens}. */
    public record IssueRequest(String kind, String tenant, String fleet, @JsonProperty("device_id") String deviceId,
                               String name) {
    }

    private final CredentialStore store;
    private final Authenticator auth;

    public AdminResource(CredentialStore store, Authenticator auth) {
        this.store = store;
        this.auth = auth;
    }

    @POST
    public Response issue(@HeaderParam("Authorization") String authorization, IssueRequest request) {
        auth.requireAdmin(authorization);
        if (request == null) {
            throw new GatewayException.BadRequest("send a JSON body: {\"kind\":\"device\",\"tenant\":\"...\",\"fleet\":\"...\"}");
        }
        try {
            CredentialStore.Issued issued = store.issue(Credential.Kind.parse(request.kind()), request.tenant(),
                    request.fleet(), request.deviceId(), request.name());
            Map<String, Object> body = view(issued.credential());
            body.put("token", issued.token());
            return Response.status(201).entity(body).build();
        } catch (IllegalArgumentException e) {
            throw new GatewayException.BadRequest(e.getMessage());
        }
    }

    @GET
    public List<Map<String, Object>> list(@HeaderParam("Authorization") String authorization) {
        auth.requireAdmin(authorization);
        return store.list().stream().map(AdminResource::view).toList();
    }

    @DELETE
    @Path("/{id}")
    public Map<String, Object> revoke(@HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
        auth.requireAdmin(authorization);
        return store.revoke(id).map(AdminResource::view)
                .orElseThrow(() -> new GatewayException.NotFound("no token with id " + id));
    }

    private static Map<String, Object> view(Credential c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("kind", c.kind().wireName());
        m.put("tenant", c.tenant());
        m.put("fleet", c.fleet());
        m.put("device_id", c.deviceId().isEmpty() ? null : c.deviceId());
        m.put("name", c.name());
        m.put("created_at", c.createdAt().toString());
        Instant revoked = c.revokedAt();
        m.put("revoked_at", revoked == null ? null : revoked.toString());
        return m;
    }
}

package io.edgeobs.query.auth;

import io.edgeobs.query.api.QueryException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The tenant's API keys, for its admins: make one (its secret is shown once), list them, revoke one. */
@Path("/api/v1/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
@Tag(name = "admin")
public class AdminKeysResource {

    private final ApiKeyStore keys;
    private final Caller caller;

    public AdminKeysResource(ApiKeyStore keys, Caller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    /** What to make: a name for people to recognise it and a role. */
    public record NewKey(String name, String role) {
    }

    /** A key as listed; the secret only in the answer to its creation. */
    public record KeyView(String id, String tenant, String name, String role, String prefix, String createdAt,
                          String createdBy, String revokedAt, String lastUsedAt, String key) {
        static KeyView of(ApiKey k, String secret) {
            return new KeyView(k.id(), k.tenant(), k.name(), k.role().wireName(), k.prefix(), str(k.createdAt()),
                    k.createdBy(), str(k.revokedAt()), str(k.lastUsedAt()), secret);
        }

        private static String str(Object o) {
            return o == null ? null : o.toString();
        }
    }

    @POST
    @Operation(summary = "Make an API key in the caller's tenant; the answer carries its secret, shown only once")
    public Response create(NewKey body) {
        if (body == null) {
            throw new QueryException.BadParameter("body", "missing; send {\"name\": \"...\", \"role\": \"viewer\"}");
        }
        if (body.name() == null || body.name().isBlank() || body.name().length() > 100) {
            throw new QueryException.BadParameter("name", "give a name of 1 to 100 characters");
        }
        Role role = Role.parse("role", body.role());
        ApiKeyStore.Created c = keys.create(caller.tenant(), body.name().trim(), role, caller.key().id());
        return Response.status(201).entity(KeyView.of(c.key(), c.secret())).build();
    }

    @GET
    @Operation(summary = "The caller's tenant's API keys (never their secrets)")
    public List<KeyView> list() {
        return keys.list(caller.tenant()).stream().map(k -> KeyView.of(k, null)).toList();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key of the caller's tenant; it is refused with 403 from then on")
    public KeyView revoke(@PathParam("id") String id) {
        return KeyView.of(keys.revoke(caller.tenant(), id), null);
    }
}

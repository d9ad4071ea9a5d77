package io.edgeobs.query.auth;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own key: tenant and role, so a client can check what its key may do. */
@Path("/api/v1/whoami")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class WhoAmIResource {

    private final Caller caller;

    public WhoAmIResource(Caller caller) {
        this.caller = caller;
    }

    public record WhoAmI(String tenant, String role, String keyId, String keyName) {
    }

    @GET
    @Operation(summary = "The tenant and role of the API key sent")
    public WhoAmI get() {
        ApiKey k = caller.key();
        return new WhoAmI(k.tenant(), k.role().wireName(), k.id(), k.name());
    }
}

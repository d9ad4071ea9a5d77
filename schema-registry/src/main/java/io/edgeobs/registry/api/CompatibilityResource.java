package io.edgeobs.registry.api;

import io.edgeobs.registry.compat.CompatibilityIssue;
import io.edgeobs.registry.service.RegistryService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /compatibility}: would this schema be accepted after that version? */
@Path("/compatibility")
@Produces({MediaTypes.V1, MediaTypes.DEFAULT, MediaTypes.JSON})
@Consumes({MediaTypes.V1, MediaTypes.DEFAULT, MediaTypes.JSON})
public class CompatibilityResource {

    private final RegistryService registry;

    public CompatibilityResource(RegistryService registry) {
        this.registry = registry;
    }

    @POST
    @Path("/subjects/{subject}/versions/{version}")
    public Map<String, Object> check(@PathParam("subject") String subject, @PathParam("version") String version,
                                     @QueryParam("verbose") @DefaultValue("false") boolean verbose,
                                     SchemaRequest request) {
        List<CompatibilityIssue> issues = registry.checkAgainst(subject, version, request.type(), request.text());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("is_compatible", issues.isEmpty());
        if (verbose) {
            m.put("messages", issues.stream().map(CompatibilityIssue::toString).toList());
        }
        return m;
    }
}

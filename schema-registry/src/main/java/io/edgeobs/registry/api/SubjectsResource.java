package io.edgeobs.registry.api;

import io.edgeobs.registry.service.RegistryService;
import io.edgeobs.registry.storage.StoredVersion;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;

import java.util.List;
import java.util.Map;

/** {@code /subjects}: register, list, look up and delete versions of a subject. */
@Path("/subjects")
@Produces({MediaTypes.V1, MediaTypes.DEFAULT, MediaTypes.JSON})
@Consumes({MediaTypes.V1, MediaTypes.DEFAULT, MediaTypes.JSON})
public class SubjectsResource {

    private final RegistryService registry;

    public SubjectsResource(RegistryService registry) {
        this.registry = registry;
    }

    @GET
    public List<String> subjects(@QueryParam("deleted") @DefaultValue("false") boolean deleted) {
        return registry.subjects(deleted);
    }

    @POST
    @Path("/{subject}/versions")
    public Map<String, Integer> register(@PathParam("subject") String subject, SchemaRequest request) {
        return Map.of("id", registry.register(subject, request.type(), request.text()));
    }

    @POST
    @Path("/{subject}")
    public Map<String, Object> lookup(@PathParam("subject") String subject, SchemaRequest request,
                                      @QueryParam("deleted") @DefaultValue("false") boolean deleted) {
        return Views.version(registry.lookup(subject, request.type(), request.text(), deleted));
    }

    @GET
    @Path("/{subject}/versions")
    public List<Integer> versions(@PathParam("subject") String subject,
                                  @QueryParam("deleted") @DefaultValue("false") boolean deleted) {
        return registry.versions(subject, deleted).stream().map(StoredVersion::version).toList();
    }

    @GET
    @Path("/{subject}/versions/{version}")
    public Map<String, Object> version(@PathParam("subject") String subject, @PathParam("version") String version,
                                       @QueryParam("deleted") @DefaultValue("false") boolean deleted) {
        return Views.version(registry.version(subject, version, deleted));
    }

    @GET
    @Path("/{subject}/versions/{version}/schema")
    public String schemaText(@PathParam("subject") String subject, @PathParam("version") String version) {
        return registry.version(subject, version, false).schema();
    }

    @DELETE
    @Path("/{subject}")
    public List<Integer> deleteSubject(@PathParam("subject") String subject,
                                       @QueryParam("permanent") @DefaultValue("false") boolean permanent) {
        return registry.deleteSubject(subject, permanent);
    }

    @DELETE
    @Path("/{subject}/versions/{version}")
    public int deleteVersion(@PathParam("subject") String subject, @PathParam("version") String version,
                             @QueryParam("permanent") @DefaultValue("false") boolean permanent) {
        return registry.deleteVersion(subject, version, permanent);
    }
}

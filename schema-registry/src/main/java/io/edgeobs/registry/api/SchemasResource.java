package io.edgeobs.registry.api;

import io.edgeobs.registry.compat.SchemaType;
import io.edgeobs.registry.service.RegistryService;
import io.edgeobs.registry.storage.StoredSchema;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /schemas}: schemas by their global id, and the supported types. */
@Path("/schemas")
@Produces({MediaTypes.V1, MediaTypes.DEFAULT, MediaTypes.JSON})
public class SchemasResource {

    private final RegistryService registry;

    public SchemasResource(RegistryService registry) {
        this.registry = registry;
    }

    @GET
    @Path("/ids/{id}")
    public Map<String, Object> byId(@PathParam("id") int id) {
        StoredSchema s = registry.schema(id);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", s.schema());
        m.put("schemaType", s.schemaType().name());
        return m;
    }

    @GET
    @Path("/types")
    public List<String> types() {
        return Arrays.stream(SchemaType.values()).map(Enum::name).sorted().toList();
    }
}

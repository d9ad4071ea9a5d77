package io.edgeobs.registry.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.edgeobs.registry.service.RegistryService;
import io.edgeobs.registry.error.RegistryException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;

import java.util.Map;

/** {@code /config}: the global and per-subject compatibility levels. */
@Path("/config")
@Produces({MediaTypes.V1, MediaTypes.DEFAULT, MediaTypes.JSON})
@Consumes({MediaTypes.V1, MediaTypes.DEFAULT, MediaTypes.JSON})
public class ConfigResource {

    /** {@code {"compatibility": "FULL"}} */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConfigUpdate(String compatibility) {
        String level() {
            if (compatibility == null) {
                throw RegistryException.invalidCompatibility("(missing)");
            }
            return compatibility;
        }
    }

    private final RegistryService registry;

    public ConfigResource(RegistryService registry) {
        this.registry = registry;
    }

    @GET
    public Map<String, String> global() {
        return Map.of("compatibilityLevel", registry.globalLevel().name());
    }

    @PUT
    public Map<String, String> setGlobal(ConfigUpdate update) {
        return Map.of("compatibility", registry.setLevel("", update.level()).name());
    }

    @GET
    @Path("/{subject}")
    public Map<String, String> subject(@PathParam("subject") String subject,
                                       @QueryParam("defaultToGlobal") @DefaultValue("false") boolean defaultToGlobal) {
        String level = registry.subjectLevel(subject).map(Enum::name)
                .orElseGet(() -> {
                    if (!defaultToGlobal) {
                        throw RegistryException.subjectConfigNotFound(subject);
                    }
                    return registry.globalLevel().name();
                });
        return Map.of("compatibilityLevel", level);
    }

    @PUT
    @Path("/{subject}")
    public Map<String, String> setSubject(@PathParam("subject") String subject, ConfigUpdate update) {
        return Map.of("compatibility", registry.setLevel(subject, update.level()).name());
    }

    @DELETE
    @Path("/{subject}")
    public Map<String, String> deleteSubject(@PathParam("subject") String subject) {
        return Map.of("compatibilityLevel", registry.deleteSubjectLevel(subject).name());
    }
}

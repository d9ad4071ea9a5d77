package io.edgeobs.registry.error;

import io.edgeobs.registry.api.MediaTypes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/**
 * The one place that turns errors into HTTP answers, in the Confluent format
 * ({@code {"error_code": ..., "message": ...}}) that registry clients parse. 5xx are logged at ERROR, 4xx at DEBUG;
 * no stack trace or class name reaches a client.
 */
public class RegistryExceptionMapper {

    private static final Logger LOG = Logger.getLogger(RegistryExceptionMapper.class);

    @ServerExceptionMapper
    public Response registry(RegistryException e) {
        if (e.status() >= 500) {
            LOG.errorf(e, "request failed: %s", e.getMessage());
        } else {
            LOG.debugf("request refused (%d): %s", e.errorCode(), e.getMessage());
        }
        return body(e.status(), e.errorCode(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = switch (status) {
            case 400 -> "Malformed request body: " + e.getMessage();
            case 404 -> "HTTP 404 Not Found";
            case 405 -> "HTTP 405 Method Not Allowed";
            case 415 -> "Unsupported content type: use application/vnd.schemaregistry.v1+json, "
                    + "application/vnd.schemaregistry+json or application/json";
            default -> e.getMessage();
        };
        LOG.debugf("request refused (%d): %s", status, e.getMessage());
        return body(status, status, message);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.errorf(e, "unexpected failure");
        return body(500, 50001, "Error in the backend data store");
    }

    static Response body(int status, int errorCode, String message) {
        return Response.status(status).type(MediaTypes.V1)
                .entity(Map.of("error_code", errorCode, "message", message)).build();
    }
}

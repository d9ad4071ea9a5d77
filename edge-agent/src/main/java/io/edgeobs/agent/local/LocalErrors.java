package io.edgeobs.agent.local;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** RFC 7807 answers for local API requests that cannot be read. */
public class LocalErrors {

    @ServerExceptionMapper
    public Response unreadable(LocalRequestException e) {
        return problem(e.getMessage());
    }

    private static Response problem(String detail) {
        return Response.status(400).type("application/problem+json")
                .entity(Map.of("title", "bad request", "status", 400, "detail", detail)).build();
    }
}

package io.edgeobs.query.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP answers: {@link QueryException}s by their status, a malformed body a
 * 400, everything else a 500 whose details stay in the log. 4xx are logged at DEBUG, 5xx at ERROR.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response query(QueryException e) {
        if (e.status() >= 500) {
            LOG.errorf(e, "request failed: %s", e.getMessage());
        } else {
            LOG.debugf("request refused with %d: %s", e.status(), e.getMessage());
        }
        return problem(e.status(), e.title(), e.getMessage(), e.parameter());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        LOG.debugf("request refused with 400: unreadable JSON: %s", e.getOriginalMessage());
        return problem(400, "bad request", "the body is not valid JSON for this endpoint: " + e.getOriginalMessage(),
                "body");
    }

    @ServerExceptionMapper
    public Response jaxrs(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException j) {
            return json(j);
        }
        LOG.debugf("request refused with %d: %s", status, e.getMessage());
        return problem(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.errorf(e, "request failed unexpectedly");
        return problem(500, "internal error", "the query service failed to handle the request; see its log", null);
    }

    public static Response problem(int status, String title, String detail, String parameter) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, title, detail, parameter))
                .build();
    }
}

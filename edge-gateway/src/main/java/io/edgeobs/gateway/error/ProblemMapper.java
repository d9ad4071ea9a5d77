package io.edgeobs.gateway.error;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place where failures become HTTP answers: {@link GatewayException}s by their status, everything else a
 * 500 whose details stay in the log. 4xx are logged at DEBUG (the client's problem), 5xx at ERROR.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** Backpressure lasts as long as an outage: its ERROR line is written at most once per this many ms. */
    private static final long BACKPRESSURE_LOG_EVERY_MS = 10_000;
    private static final AtomicLong lastBackpressureLog = new AtomicLong();
    private static final AtomicLong backpressureSinceLog = new AtomicLong();

    @ServerExceptionMapper
    public Response gateway(GatewayException e) {
        return toResponse(e);
    }

    @ServerExceptionMapper
    public Response jaxrs(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        LOG.debugf("request refused with %d: %s", status, e.getMessage());
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.errorf(e, "request failed unexpectedly");
        return Response.status(500).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(500, "internal error", "the gateway failed to handle the request; see its log"))
                .build();
    }

    /** The answer for a gateway exception, logged at the level its status calls for. */
    public static Response toResponse(GatewayException e) {
        log(e);
        Response.ResponseBuilder r = Response.status(e.status()).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(e.status(), e.title(), e.getMessage()));
        e.retryAfter().ifPresent(d -> r.header("Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
        return r.build();
    }

    /** Logs a refused request: 4xx at DEBUG, 5xx at ERROR (backpressure at most once per 10 s). */
    public static void log(GatewayException e) {
        if (e instanceof GatewayException.Backpressure && e.status() >= 500) {
            long count = backpressureSinceLog.incrementAndGet();
            long now = System.currentTimeMillis();
            long last = lastBackpressureLog.get();
            if (now - last >= BACKPRESSURE_LOG_EVERY_MS && lastBackpressureLog.compareAndSet(last, now)) {
                backpressureSinceLog.addAndGet(-count);
                LOG.errorf("pushing back on clients with %d (%d times since the last report): %s", e.status(), count,
                        e.getMessage());
            }
        } else if (e.status() >= 500) {
            LOG.errorf(e, "request failed: %s", e.getMessage());
        } else {
            LOG.debugf("request refused with %d: %s", e.status(), e.getMessage());
        }
    }
}

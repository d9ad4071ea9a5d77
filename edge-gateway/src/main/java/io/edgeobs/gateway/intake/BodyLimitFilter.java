package io.edgeobs.gateway.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.gateway.error.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a POST whose declared {@code Content-Length} is over {@code limits.max-body-size} before its body is read,
 * with a 413 problem that says the limit. (A chunked body over the limit is cut off by the HTTP server itself.)
 */
@ApplicationScoped
public class BodyLimitFilter {

    private static final ObjectMapper JSON = new ObjectMapper();

    void register(@Observes Router router, GatewayConfig config) {
        long limit = config.limits().maxBodySize().asLongValue();
        router.route().order(-100).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (ctx.request().method() == HttpMethod.POST && length != null && isOver(length, limit)) {
                Problem p = Problem.of(413, "payload too large", "the body of " + length + " bytes is over the limit of "
                        + limit + " bytes");
                try {
                    ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                            .putHeader(HttpHeaders.CONNECTION, "close").end(JSON.writeValueAsString(p));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    ctx.fail(e);
                }
                return;
            }
            ctx.next();
        });
    }

    private static boolean isOver(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

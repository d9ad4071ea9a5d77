package io.edgeobs.agent.receive;

import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.agent.ingest.BackpressureException;
import io.edgeobs.agent.ingest.Ingest;
import io.edgeobs.model.Signal;
import io.edgeobs.model.codec.DecodeException;
import io.edgeobs.model.convert.otlp.OtlpEncoding;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * OTLP/HTTP for applications on the device, on its own port (4318, loopback): {@code POST /v1/traces},
 * {@code /v1/metrics}, {@code /v1/logs}, protobuf or JSON, optionally gzip. It answers 200 (with partial success when
 * records were rejected) only once the data is durable; 413 above the size limit; 400 for a body that is not OTLP;
 * 415 for another content type; 429/503 with {@code Retry-After} when the buffer pushes back.
 */
@ApplicationScoped
public class OtlpReceiver {

    private static final Logger LOG = Logger.getLogger(OtlpReceiver.class);

    private final Ingest ingest;
    private final AgentConfig.Otlp config;
    private final Vertx vertx;
    private HttpServer server;
    private volatile int port;

    public OtlpReceiver(Ingest ingest, AgentConfig config, Vertx vertx) {
        this.ingest = ingest;
        this.config = config.otlp();
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        if (!config.enabled()) {
            return;
        }
        server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()));
        server.requestHandler(this::handle);
        CompletableFuture<HttpServer> started = server.listen().toCompletionStage().toCompletableFuture();
        port = started.get(30, TimeUnit.SECONDS).actualPort();
        LOG.infof("OTLP/HTTP receiver listening on %s:%d", config.host(), port);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }

    /** The port actually bound. */
    public int port() {
        return port;
    }

    private void handle(HttpServerRequest request) {
        Optional<Signal> signal = switch (request.path()) {
            case "/v1/traces" -> Optional.of(Signal.SPANS);
            case "/v1/metrics" -> Optional.of(Signal.METRICS);
            case "/v1/logs" -> Optional.of(Signal.LOGS);
            default -> Optional.empty();
        };
        if (signal.isEmpty()) {
            OtlpResponses.error(request.response(), 404, "no such OTLP path " + request.path()
                    + "; use /v1/traces, /v1/metrics or /v1/logs", OtlpEncoding.JSON);
            return;
        }
        if (request.method() != io.vertx.core.http.HttpMethod.POST) {
            OtlpResponses.error(request.response(), 405, "use POST", OtlpEncoding.JSON);
            return;
        }
        Optional<OtlpEncoding> encoding = OtlpEncoding.fromContentType(request.getHeader("Content-Type"));
        if (encoding.isEmpty()) {
            OtlpResponses.error(request.response(), 415, "Content-Type must be application/x-protobuf or "
                    + "application/json, was " + request.getHeader("Content-Type"), OtlpEncoding.JSON);
            return;
        }
        long limit = config.maxBodySize().asLongValue();
        String length = request.getHeader("Content-Length");
        if (length != null && length.matches("\\d+") && Long.parseLong(length) > limit) {
            OtlpResponses.error(request.response(), 413, "body of " + length + " bytes is over the limit of " + limit,
                    encoding.get());
            return;
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > limit) {
                if (!request.response().ended()) {
                    OtlpResponses.error(request.response(), 413, "body is over the limit of " + limit + " bytes",
                            encoding.get());
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(done -> {
            if (request.response().ended()) {
                return;
            }
            boolean gzip = "gzip".equalsIgnoreCase(request.getHeader("Content-Encoding"));
            Uni.createFrom().item(() -> OtlpIntake.convert(signal.get(),
                            gzip ? OtlpIntake.gunzip(body.getBytes(), limit) : body.getBytes(), encoding.get()))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .chain(converted -> ingest.accept(signal.get(), converted.records())
                            .map(accepted -> OtlpResponses.success(signal.get(), converted, accepted, encoding.get())))
                    .subscribe().with(
                            ok -> request.response().setStatusCode(200).putHeader("Content-Type", ok.contentType())
                                    .end(Buffer.buffer(ok.body())),
                            failure -> fail(request, failure, encoding.get()));
        });
    }

    private void fail(HttpServerRequest request, Throwable failure, OtlpEncoding encoding) {
        if (failure instanceof OtlpIntake.TooLarge large) {
            OtlpResponses.error(request.response(), 413, large.getMessage(), encoding);
        } else if (failure instanceof DecodeException bad) {
            OtlpResponses.error(request.response(), 400, bad.getMessage(), encoding);
        } else if (failure instanceof BackpressureException full) {
            Duration after = full.retryAfter();
            request.response().putHeader("Retry-After", Long.toString(Math.max(1, after.toSeconds())));
            OtlpResponses.error(request.response(), 503, full.getMessage(), encoding);
        } else {
            LOG.errorf(failure, "OTLP request to %s failed", request.path());
            OtlpResponses.error(request.response(), 500, "internal error; see the agent's log", encoding);
        }
    }
}

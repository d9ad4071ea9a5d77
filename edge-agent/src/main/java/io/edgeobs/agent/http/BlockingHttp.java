package io.edgeobs.agent.http;

import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent's one HTTP client (scrapes and exports), over the Vert.x client that Quarkus already runs, called from
 * the agent's own threads (never from an event loop) and waited for. One client instead of the JDK's
 * {@code java.net.http}: that one starts its own selector and worker threads and initialises TLS with the whole
 * CA store even for plain-HTTP loopback calls, which costs a small device several MiB (docs/benchmarks.md). TLS is
 * used for https URLs only, with the JVM's trust store.
 */
public final class BlockingHttp implements AutoCloseable {

    /** A complete answer; the body already decompressed if the server gzip-encoded it. */
    public record Response(int status, MultiMap headers, byte[] body) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    /** The body grew past the caller's limit; the connection was reset. */
    public static final class BodyTooLarge extends IOException {
        public BodyTooLarge(long limit) {
            super("body exceeds " + limit + " bytes", null);
        }
    }

    private final HttpClient client;

    /**
     * @param maxConnections connections kept per host: the agent's callers are few (three export loops, the
     *                       scrape threads), so a handful is enough and bounds sockets on a small device
     */
    public BlockingHttp(Vertx vertx, int maxConnections, Duration connectTimeout) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setDecompressionSupported(true)
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setMaxPoolSize(maxConnections));
    }

    /**
     * Sends a request and waits for the whole answer.
     *
     * @param body    the request body, or null for none
     * @param maxBody largest body accepted (after decompression); beyond it {@link BodyTooLarge}
     * @throws TimeoutException when the whole exchange took longer than {@code timeout} (the request is reset)
     * @throws IOException      when the connection failed (a {@link java.net.ConnectException} when refused)
     */
    public Response send(HttpMethod method, URI uri, Map<String, String> headers, byte[] body, Duration timeout,
                         long maxBody) throws IOException, TimeoutException, InterruptedException {
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(uri.toString())
                .setIdleTimeout(timeout.toMillis()).setFollowRedirects(method == HttpMethod.GET);
        CompletableFuture<Response> answer = client.request(options).compose(request -> {
            sent.set(request);
            headers.forEach(request::putHeader);
            return body == null ? request.send() : request.send(Buffer.buffer(body));
        }).compose(response -> {
            Promise<Response> done = Promise.promise();
            Buffer received = Buffer.buffer();
            response.exceptionHandler(done::tryFail);
            response.handler(chunk -> {
                if (received.length() + (long) chunk.length() > maxBody) {
                    done.tryFail(new BodyTooLarge(maxBody));
                    response.request().reset();
                } else {
                    received.appendBuffer(chunk);
                }
            });
            response.endHandler(v -> done.tryComplete(new Response(response.statusCode(), response.headers(),
                    received.getBytes())));
            return done.future();
        }).toCompletionStage().toCompletableFuture();
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            HttpClientRequest request = sent.get();
            if (request != null) {
                request.reset();
            }
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof TimeoutException t) {
                throw t;
            }
            throw new IOException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}

package io.edgeobs.query.alerts;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/** A real webhook receiver on 127.0.0.1 that records each request and answers the status its script gives. */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    record Request(String idempotencyKey, String notificationId, String contentType, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();

    /** @param status the status to answer to the n-th request (1-based) */
    private WebhookReceiver(IntUnaryOperator status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int n;
            synchronized (requests) {
                requests.add(new Request(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                        exchange.getRequestHeaders().getFirst("X-Edgeobs-Notification-Id"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body));
                n = requests.size();
            }
            exchange.sendResponseHeaders(status.applyAsInt(n), -1);
            exchange.close();
        });
        server.start();
    }

    static WebhookReceiver start(IntUnaryOperator status) {
        try {
            return new WebhookReceiver(status);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

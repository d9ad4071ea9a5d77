package io.edgeobs.agent.export;

import com.sun.net.httpserver.HttpServer;
import io.edgeobs.model.Batch;
import io.edgeobs.model.codec.BatchCodec;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in for the edge gateway's {@code /v1/batches} on loopback: a real HTTP server that decodes what agents
 * send. It can be up, down (503 with Retry-After), refusing (400), or losing its answers (stores the batch but
 * answers 503, like a link dropping after the gateway's durable write).
 */
final class FakeGateway implements AutoCloseable {

    enum Mode { UP, DOWN, REFUSE, LOSE_ANSWER }

    final List<Batch> received = new CopyOnWriteArrayList<>();
    volatile Mode mode = Mode.UP;
    volatile String lastAuthorization;
    private final HttpServer server;

    FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/batches", exchange -> {
            byte[] body;
            try (InputStream in = new GZIPInputStream(exchange.getRequestBody())) {
                body = in.readAllBytes();
            }
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            Mode m = mode;
            int status;
            if (m == Mode.DOWN) {
                exchange.getResponseHeaders().add("Retry-After", "0");
                status = 503;
            } else if (m == Mode.REFUSE) {
                status = 400;
            } else {
                received.add(BatchCodec.decode(body));
                status = m == Mode.UP ? 200 : 503;
            }
            byte[] answer = ("{\"status\":" + status + "}").getBytes();
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

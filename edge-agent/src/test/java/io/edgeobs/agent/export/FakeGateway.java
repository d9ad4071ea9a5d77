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
 *
 * <p>{@link #received} holds every copy that arrived. The protocol is at least once: an agent whose request timed out
 * sends the same batch again under the same {@code batch_seq}, and the real gateway keeps the first copy.
 * {@link #stored} is what the real gateway would keep, and {@link #conflicts} counts resends that differ from the
 * first copy (which must never happen).
 */
final class FakeGateway implements AutoCloseable {

    enum Mode { UP, DOWN, REFUSE, LOSE_ANSWER }

    final List<Batch> received = new CopyOnWriteArrayList<>();
    final List<Batch> stored = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.Map<String, Batch> firstCopies = new java.util.concurrent.ConcurrentHashMap<>();
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
                Batch b = BatchCodec.decode(body);
                received.add(b);
                Batch first = firstCopies.putIfAbsent(b.resource().deviceId() + "/" + b.signal() + "/" + b.batchSeq(), b);
                if (first == null) {
                    stored.add(b);
                } else if (!first.records().equals(b.records())) {
                    conflicts.incrementAndGet();
                }
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

package io.edgeobs.simulator;

import com.sun.net.httpserver.HttpServer;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Signal;
import io.edgeobs.model.codec.BatchCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Simulated devices against a real HTTP server on loopback speaking the gateway's /v1/batches: outages are held and
 * resent unchanged in order, the buffer bound drops the oldest and counts exactly, the token is sent.
 */
class DeviceDeliveryTest {

    private static final long T0 = 1_764_000_000_000_000_000L;
    private HttpServer server;
    private volatile int status = 200;
    private final List<Batch> received = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> firstCopy = new ConcurrentHashMap<>();
    private volatile String authorization;
    private volatile int conflicts;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/batches", ex -> {
            byte[] body;
            try (InputStream in = new GZIPInputStream(ex.getRequestBody())) {
                body = in.readAllBytes();
            }
            authorization = ex.getRequestHeaders().getFirst("Authorization");
            int s = status;
            if (s == 200) {
                Batch b = BatchCodec.decode(body);
                byte[] prev = firstCopy.putIfAbsent(b.resource().deviceId() + b.signal() + b.batchSeq(), body);
                if (prev != null && !java.util.Arrays.equals(prev, body)) {
                    conflicts++;
                }
                received.add(b);
            }
            ex.sendResponseHeaders(s, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private GatewaySender sender() {
        return new GatewaySender(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.getAddress().getPort(),
                "sim-token", Duration.ofSeconds(5));
    }

    @Test
    void shouldHoldBatchesThroughAnOutageAndDeliverThemInOrderUnchanged() {
        // Given a device whose gateway answers 503 for 5 exports
        Stats stats = new Stats();
        SimulatedDevice d = new SimulatedDevice(io.edgeobs.model.Resource.device("sim-1", "t", "v"),
                Profile.parse("points=60,traces=6,logs=6,every=10s"), 5, 1000, 64 << 20, stats);
        GatewaySender s = sender();
        status = 503;
        for (int i = 0; i < 5; i++) {
            d.produce(T0 + i * 10_000_000_000L);
            d.flush(s);
        }
        assertThat(received).isEmpty();
        assertThat(d.pendingBatches()).isEqualTo(15);

        // When it comes back
        status = 200;
        d.produce(T0 + 50_000_000_000L);
        d.flush(s);

        // Then everything arrived once, in order, numbered from the base, with the token
        assertThat(d.pendingBatches()).isZero();
        assertThat(conflicts).isZero();
        for (Signal sig : Signal.values()) {
            List<Long> seqs = received.stream().filter(b -> b.signal() == sig).map(Batch::batchSeq).toList();
            assertThat(seqs).containsExactly(1001L, 1002L, 1003L, 1004L, 1005L, 1006L);
            assertThat(received.stream().filter(b -> b.signal() == sig).mapToLong(Batch::size).sum())
                    .isEqualTo(stats.produced(sig)).isEqualTo(stats.delivered(sig));
        }
        assertThat(stats.produced(Signal.METRICS)).isEqualTo(60);
        assertThat(stats.retries()).isEqualTo(5);
        assertThat(authorization).isEqualTo("Bearer sim-token");
        assertThat(stats.check()).isTrue();
    }

    @Test
    void shouldDropTheOldestBatchesWhenItsBufferIsFullAndCountThemExactly() {
        // Given a small buffer and the gateway down for 40 exports
        Stats stats = new Stats();
        SimulatedDevice d = new SimulatedDevice(io.edgeobs.model.Resource.device("sim-2", "t", "v"),
                Profile.parse("points=600,traces=0,logs=0,every=10s"), 9, 0, 20_000, stats);
        GatewaySender s = sender();
        status = 503;
        for (int i = 0; i < 40; i++) {
            d.produce(T0 + i * 10_000_000_000L);
            d.flush(s);
        }
        status = 200;
        d.flush(s);

        // Then delivered + dropped = produced exactly, and what arrived is the newest, in order
        long delivered = received.stream().mapToLong(Batch::size).sum();
        assertThat(stats.dropped(Signal.METRICS)).isPositive();
        assertThat(delivered + stats.dropped(Signal.METRICS)).isEqualTo(stats.produced(Signal.METRICS)).isEqualTo(4000);
        List<Long> seqs = received.stream().map(Batch::batchSeq).toList();
        assertThat(seqs).isSorted().endsWith(40L);
        assertThat(seqs.get(0)).isEqualTo(40L - seqs.size() + 1);
        assertThat(stats.dropped(Signal.METRICS)).isEqualTo((seqs.get(0) - 1) * 100);
    }

    @Test
    void shouldRunAFleetWithAScriptedOutageAndDrainEverything() throws Exception {
        // Given 20 devices exporting every 100 ms, half of them cut off from 300 ms to 800 ms
        Stats stats = new Stats();
        Fleet.Settings settings = new Fleet.Settings(20, Profile.parse("points=600,traces=60,logs=60,every=100ms"),
                "fleet", "sim", 1, 1 << 20, 2, List.of(Outage.parse("300ms+500ms@50%")));
        List<Boolean> downSeen = new ArrayList<>();
        try (Fleet fleet = new Fleet(settings, sender(), stats)) {
            fleet.start();
            Thread.sleep(500);
            downSeen.add(fleet.linkDown(0));
            downSeen.add(fleet.linkDown(19));
            Thread.sleep(1000);
            fleet.stopProducing();
            assertThat(fleet.drain(Duration.ofSeconds(10))).isTrue();
        }
        // Then the first half was cut off and the rest not, and every produced record arrived once
        assertThat(downSeen).containsExactly(true, false);
        for (Signal sig : Signal.values()) {
            assertThat(received.stream().filter(b -> b.signal() == sig).mapToLong(Batch::size).sum())
                    .isEqualTo(stats.produced(sig)).isPositive();
        }
        assertThat(received.stream().map(b -> b.resource().deviceId()).distinct()).hasSize(20);
        assertThat(conflicts).isZero();
        assertThat(stats.check()).isTrue();
    }
}

package io.edgeobs.agent.scrape;

import io.edgeobs.agent.http.TestHttp;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** One scrape against a real HTTP server on 127.0.0.1. */
class TargetScraperTest {

    private static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");
    private static final long NOW_NANOS = NOW.toEpochMilli() * 1_000_000L;

    private HttpServer server;
    private final AtomicReference<String> accept = new AtomicReference<>();
    private final AtomicReference<String> acceptEncoding = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private TargetScraper scraper;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/openmetrics", this::openMetricsGzip);
        server.createContext("/text", ex -> answer(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                "# TYPE temp_celsius gauge\ntemp_celsius{job=\"sensor\",room=\"a\"} 21.5\nnot a sample line\n"));
        server.createContext("/down", ex -> answer(ex, 503, "text/plain", "maintenance"));
        server.createContext("/slow", this::slowBody);
        server.createContext("/huge", ex -> answer(ex, 200, "text/plain; version=0.0.4",
                ("a_gauge{pad=\"" + "x".repeat(100) + "\"} 1\n").repeat(12_000)));
        server.start();
        scraper = new TargetScraper(TestHttp.client(), Clock.fixed(NOW, ZoneOffset.UTC), 1 << 20);
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void shouldNegotiateOpenMetricsWithGzipAndLabelEverySampleLikePrometheus() {
        // Given a target that answers OpenMetrics, gzip-compressed, when asked the way Prometheus asks
        ScrapeTarget target = target("/openmetrics", Map.of("site", "pump-house"));

        // When
        ScrapeResult r = scraper.scrape(target);

        // Then
        assertThat(accept.get()).startsWith("application/openmetrics-text;version=1.0.0");
        assertThat(acceptEncoding.get()).isEqualTo("gzip");
        assertThat(r.up()).isTrue();
        assertThat(r.scraped()).isEqualTo(2);
        Tags labels = Tags.of("job", "pumps", "instance", "127.0.0.1:" + port(), "site", "pump-house");
        assertThat(r.points()).contains(
                new MetricPoint("pump_starts_total", 7, "", 1_700_000_000_500_000_000L, labels.with("pump", "p1"),
                        MetricKind.COUNTER, io.edgeobs.model.Id.EMPTY));
        assertThat(point(r, "pump_pressure_bar").value()).isEqualTo(2.25);
        assertThat(point(r, "pump_pressure_bar").timestampUnixNanos()).isEqualTo(NOW_NANOS);
        assertThat(point(r, "up").value()).isEqualTo(1);
        assertThat(point(r, "up").tags()).isEqualTo(labels);
        assertThat(point(r, "scrape_samples_scraped").value()).isEqualTo(2);
        assertThat(point(r, "scrape_duration_seconds").value()).isGreaterThan(0).isLessThan(5);
    }

    @Test
    void shouldKeepACollidingScrapedLabelAsExportedAndSkipOnlyTheMalformedLine() {
        // Given a text-format target whose sample carries its own job label, and one malformed line
        ScrapeResult r = scraper.scrape(target("/text", Map.of()));

        // Then the target's job wins, the scraped one is kept as exported_job, and the good sample is not lost
        assertThat(r.up()).isTrue();
        assertThat(r.parseErrors()).isEqualTo(1);
        MetricPoint temp = point(r, "temp_celsius");
        assertThat(temp.value()).isEqualTo(21.5);
        assertThat(temp.tags()).containsEntry("job", "pumps").containsEntry("exported_job", "sensor")
                .containsEntry("room", "a");
    }

    @Test
    void shouldRecordUpZeroWithAReasonWhenTheTargetAnswersAnError() {
        ScrapeResult r = scraper.scrape(target("/down", Map.of()));

        assertThat(r.up()).isFalse();
        assertThat(r.failure()).contains("http_503");
        assertThat(point(r, "up").value()).isZero();
        assertThat(point(r, "scrape_samples_scraped").value()).isZero();
        assertThat(r.points()).extracting(MetricPoint::name)
                .containsExactly("up", "scrape_duration_seconds", "scrape_samples_scraped");
    }

    @Test
    void shouldRecordUpZeroWhenNothingListens() throws IOException {
        // Given a port nobody listens on
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ScrapeTarget target = new ScrapeTarget("gone", URI.create("http://127.0.0.1:" + closed + "/metrics"),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of());

        // When / Then
        ScrapeResult r = scraper.scrape(target);
        assertThat(r.failure()).contains("connection_refused");
        assertThat(point(r, "up").value()).isZero();
    }

    @Test
    void shouldGiveUpOnABodyThatIsStillArrivingWhenTheTimeoutPasses() {
        // Given a target that sends its headers and the start of a body, then stalls
        ScrapeTarget target = new ScrapeTarget("slow", URI.create("http://127.0.0.1:" + port() + "/slow"),
                Duration.ofSeconds(1), Duration.ofMillis(300), Map.of());

        // When
        long start = System.nanoTime();
        ScrapeResult r = scraper.scrape(target);

        // Then the scrape thread is free again soon after the timeout
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(r.failure()).contains("timeout");
        assertThat(point(r, "up").value()).isZero();
    }

    @Test
    void shouldRefuseABodyLargerThanTheLimitAsAFailedScrape() {
        // Given a target whose answer (about 1.3 MB) is above the scraper's 1 MiB limit
        ScrapeResult r = scraper.scrape(target("/huge", Map.of()));

        // Then it is a failed scrape with its reason, and nothing of the body is kept
        assertThat(r.failure()).contains("body_too_large");
        assertThat(r.scraped()).isZero();
        assertThat(point(r, "up").value()).isZero();
    }

    private ScrapeTarget target(String path, Map<String, String> labels) {
        return new ScrapeTarget("pumps", URI.create("http://127.0.0.1:" + port() + path), Duration.ofSeconds(5),
                Duration.ofSeconds(2), labels);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static MetricPoint point(ScrapeResult r, String name) {
        List<MetricPoint> found = r.points().stream().filter(p -> p.name().equals(name)).toList();
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    private void openMetricsGzip(HttpExchange ex) throws IOException {
        accept.set(ex.getRequestHeaders().getFirst("Accept"));
        acceptEncoding.set(ex.getRequestHeaders().getFirst("Accept-Encoding"));
        String body = """
                # TYPE pump_starts counter
                pump_starts_total{pump="p1"} 7 1700000000.5
                # TYPE pump_pressure_bar gauge
                pump_pressure_bar 2.25
                # EOF
                """;
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        ex.getResponseHeaders().set("Content-Encoding", "gzip");
        ex.getResponseHeaders().set("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8");
        ex.sendResponseHeaders(200, gz.size());
        try (OutputStream out = ex.getResponseBody()) {
            gz.writeTo(out);
        }
    }

    private void slowBody(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        out.write("# TYPE a gauge\na 1\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.close();
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

}

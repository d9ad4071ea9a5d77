package io.edgeobs.agent.scrape;

import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;
import io.edgeobs.model.convert.prometheus.ParseResult;
import io.edgeobs.model.convert.prometheus.PrometheusFormat;
import io.edgeobs.model.convert.prometheus.PrometheusParser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Scrapes one target once, the way Prometheus does: the same {@code Accept} header (OpenMetrics preferred, text
 * 0.0.4 as fallback), {@code Accept-Encoding: gzip}, the {@code X-Prometheus-Scrape-Timeout-Seconds} header, the
 * scrape start as the time of samples without their own, and the target labels on every sample (a scraped label
 * that collides with one is kept as {@code exported_<name>}). A failure is never an exception: it is a result with
 * {@code up} 0 and a reason.
 */
public final class TargetScraper {

    /** Bodies above this are refused (Prometheus' {@code body_size_limit}, which it leaves unlimited by default). */
    public static final long DEFAULT_BODY_LIMIT = 32L << 20;

    private final HttpClient http;
    private final ScheduledExecutorService watchdog;
    private final Clock clock;
    private final long bodyLimit;

    /**
     * @param watchdog closes a body that is still arriving when the timeout passes, so a slow target cannot hold a
     *                 scrape thread
     */
    public TargetScraper(HttpClient http, ScheduledExecutorService watchdog, Clock clock, long bodyLimit) {
        this.http = http;
        this.watchdog = watchdog;
        this.clock = clock;
        this.bodyLimit = bodyLimit;
    }

    public ScrapeResult scrape(ScrapeTarget target) {
        long startNanos = System.nanoTime();
        long startUnixNanos = clock.millis() * 1_000_000L;
        Tags labels = target.targetLabels();
        List<MetricPoint> points = new ArrayList<>();
        int scraped = 0;
        int parseErrors = 0;
        Optional<String> failure = Optional.empty();
        String detail = "";
        try {
            Body body = fetch(target);
            ParseResult parsed = PrometheusParser.parse(body.bytes(), PrometheusFormat.fromContentType(body.contentType()),
                    startUnixNanos);
            for (MetricPoint p : parsed.points()) {
                points.add(relabel(p, labels));
            }
            scraped = parsed.points().size();
            parseErrors = parsed.errors().size();
            if (parseErrors > 0) {
                detail = parseErrors + " malformed lines skipped, first: " + parsed.errors().get(0);
            }
        } catch (ScrapeFailure e) {
            failure = Optional.of(e.reason);
            detail = e.getMessage();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        points.add(MetricPoint.gauge("up", failure.isEmpty() ? 1 : 0, startUnixNanos, labels));
        points.add(MetricPoint.gauge("scrape_duration_seconds", seconds, startUnixNanos, labels));
        points.add(MetricPoint.gauge("scrape_samples_scraped", scraped, startUnixNanos, labels));
        return new ScrapeResult(points, scraped, parseErrors, failure, detail);
    }

    private record Body(byte[] bytes, String contentType) {
    }

    private Body fetch(ScrapeTarget target) throws ScrapeFailure {
        HttpRequest request = HttpRequest.newBuilder(target.url()).timeout(target.timeout()).GET()
                .header("Accept", PrometheusFormat.ACCEPT_HEADER)
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", "edgeobs-agent")
                .header("X-Prometheus-Scrape-Timeout-Seconds", Double.toString(target.timeout().toMillis() / 1000.0))
                .build();
        long deadline = System.nanoTime() + target.timeout().toNanos();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ScrapeFailure("timeout", "no answer within " + target.timeout().toMillis() + " ms");
        } catch (ConnectException e) {
            throw new ScrapeFailure("connection_refused", "cannot connect to " + target.instance() + ": "
                    + (e.getMessage() == null ? "connection refused" : e.getMessage()));
        } catch (IOException e) {
            throw new ScrapeFailure("io", "request failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScrapeFailure("interrupted", "interrupted");
        }
        try (InputStream raw = response.body()) {
            long remaining = Math.max(0, deadline - System.nanoTime());
            ScheduledFuture<?> cutoff = watchdog.schedule(() -> closeQuietly(raw), remaining, TimeUnit.NANOSECONDS);
            try {
                int status = response.statusCode();
                if (status != 200) {
                    throw new ScrapeFailure("http_" + status, "HTTP " + status + " from " + target.url());
                }
                boolean gzip = response.headers().firstValue("Content-Encoding")
                        .map(v -> v.trim().equalsIgnoreCase("gzip")).orElse(false);
                byte[] bytes = readLimited(gzip ? new GZIPInputStream(raw) : raw, target);
                if (System.nanoTime() - deadline > 0) {
                    throw new ScrapeFailure("timeout", "body not complete within " + target.timeout().toMillis() + " ms");
                }
                return new Body(bytes, response.headers().firstValue("Content-Type").orElse(""));
            } finally {
                cutoff.cancel(false);
            }
        } catch (IOException e) {
            if (System.nanoTime() - deadline > 0) {
                throw new ScrapeFailure("timeout", "body not complete within " + target.timeout().toMillis() + " ms");
            }
            throw new ScrapeFailure("io", "reading the body failed: " + e);
        }
    }

    private byte[] readLimited(InputStream in, ScrapeTarget target) throws IOException, ScrapeFailure {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        byte[] buf = new byte[16 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            total += n;
            if (total > bodyLimit) {
                throw new ScrapeFailure("body_too_large", "body of " + target.url() + " exceeds " + bodyLimit
                        + " bytes (after decompression)");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Adds the target labels; a scraped label of the same name survives as {@code exported_<name>}. */
    static MetricPoint relabel(MetricPoint p, Tags targetLabels) {
        Tags tags = p.tags();
        for (int i = 0; i < targetLabels.size(); i++) {
            String key = targetLabels.keyAt(i);
            String own = tags.get(key);
            if (own != null) {
                tags = tags.without(key).with("exported_" + key, own);
            }
        }
        return new MetricPoint(p.name(), p.value(), p.unit(), p.timestampUnixNanos(), tags.withAll(targetLabels),
                p.kind(), p.exemplarTraceId());
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the scrape reports the timeout
        }
    }

    /** Why a scrape failed: a short reason for the metric tag and a sentence for the log. */
    static final class ScrapeFailure extends Exception {
        final String reason;

        ScrapeFailure(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}

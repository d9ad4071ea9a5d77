package io.edgeobs.agent.scrape;

import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;
import io.edgeobs.model.convert.prometheus.ParseResult;
import io.edgeobs.model.convert.prometheus.PrometheusFormat;
import io.edgeobs.model.convert.prometheus.PrometheusParser;

import io.edgeobs.agent.http.BlockingHttp;
import io.vertx.core.http.HttpMethod;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

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

    private final BlockingHttp http;
    private final Clock clock;
    private final long bodyLimit;

    /** @param http its timeout covers the whole exchange, so a slow target cannot hold a scrape thread */
    public TargetScraper(BlockingHttp http, Clock clock, long bodyLimit) {
        this.http = http;
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
        Map<String, String> headers = Map.of(
                "Accept", PrometheusFormat.ACCEPT_HEADER,
                "Accept-Encoding", "gzip",
                "User-Agent", "edgeobs-agent",
                "X-Prometheus-Scrape-Timeout-Seconds", Double.toString(target.timeout().toMillis() / 1000.0));
        BlockingHttp.Response response;
        try {
            response = http.send(HttpMethod.GET, target.url(), headers, null, target.timeout(), bodyLimit);
        } catch (TimeoutException e) {
            throw new ScrapeFailure("timeout", "no complete answer within " + target.timeout().toMillis() + " ms");
        } catch (BlockingHttp.BodyTooLarge e) {
            throw new ScrapeFailure("body_too_large", "body of " + target.url() + " exceeds " + bodyLimit
                    + " bytes (after decompression)");
        } catch (ConnectException e) {
            throw new ScrapeFailure("connection_refused", "cannot connect to " + target.instance() + ": "
                    + (e.getMessage() == null ? "connection refused" : e.getMessage()));
        } catch (IOException e) {
            throw new ScrapeFailure("io", "request failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScrapeFailure("interrupted", "interrupted");
        }
        if (response.status() != 200) {
            throw new ScrapeFailure("http_" + response.status(), "HTTP " + response.status() + " from " + target.url());
        }
        return new Body(response.body(), response.header("Content-Type").orElse(""));
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

    /** Why a scrape failed: a short reason for the metric tag and a sentence for the log. */
    static final class ScrapeFailure extends Exception {
        final String reason;

        ScrapeFailure(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}

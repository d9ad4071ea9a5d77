package io.edgeobs.agent.scrape;

import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.model.Tags;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One Prometheus endpoint to scrape. Like Prometheus, every sample gets the target labels {@code job} (the target
 * name unless {@code labels} sets it) and {@code instance} ({@code host:port}), plus the configured labels.
 */
public record ScrapeTarget(String name, URI url, Duration interval, Duration timeout, Map<String, String> labels) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public ScrapeTarget {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a scrape target needs a name");
        }
        if (url == null || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("scrape target " + name + ": url must be an http(s) URL with a host, was "
                    + url);
        }
        if (interval == null || interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("scrape target " + name + ": interval must be at least 100ms, was "
                    + interval);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException("scrape target " + name + ": timeout must be positive and at most the "
                    + "interval (" + interval + "), was " + timeout);
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A target from the configuration; the timeout defaults to the interval or 10 s, whichever is shorter. */
    public static ScrapeTarget of(String name, AgentConfig.Scrape.Target t) {
        Duration timeout = t.timeout().orElse(t.interval().compareTo(DEFAULT_TIMEOUT) < 0 ? t.interval() : DEFAULT_TIMEOUT);
        URI url;
        try {
            url = URI.create(t.url());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scrape target " + name + ": url is not a URL: " + t.url(), e);
        }
        return new ScrapeTarget(name, url, t.interval(), timeout, t.labels());
    }

    /** {@code host:port}, the port defaulted from the scheme, as Prometheus writes it. */
    public String instance() {
        int port = url.getPort() >= 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        return url.getHost() + ":" + port;
    }

    /** The labels every series of this target carries. */
    public Tags targetLabels() {
        return Tags.of("job", name, "instance", instance()).withAll(labels);
    }
}

package io.edgeobs.agent.scrape;

import io.edgeobs.model.MetricPoint;

import java.util.List;
import java.util.Optional;

/**
 * What one scrape produced: the target's samples (already labelled) followed by its {@code up},
 * {@code scrape_duration_seconds} and {@code scrape_samples_scraped} series, and why it failed if it did.
 *
 * @param scraped     samples read from the target (0 when it failed)
 * @param parseErrors malformed lines skipped (each counted; the rest of the scrape is kept)
 * @param failure     a short reason ({@code connection_refused}, {@code timeout}, {@code http_503}, ...) when up is 0
 * @param detail      the failure as a sentence, for the log
 */
public record ScrapeResult(List<MetricPoint> points, int scraped, int parseErrors, Optional<String> failure,
                           String detail) {

    public boolean up() {
        return failure.isEmpty();
    }
}

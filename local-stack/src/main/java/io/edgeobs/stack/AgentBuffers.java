package io.edgeobs.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * What the stack's edge agents hold on disk: the records buffered and not yet delivered, and the records they
 * dropped, summed over agents and signals from their metrics pages. An agent that does not answer (restarting) is
 * left out of the sum, never the reason the status line fails.
 */
final class AgentBuffers {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** Sums over the agents that answered; {@code answered} of {@code agents}. */
    record Totals(long buffered, long dropped, int answered, int agents) {
    }

    private AgentBuffers() {
    }

    static Totals read(List<String> agentBaseUrls) {
        long buffered = 0;
        long dropped = 0;
        int answered = 0;
        for (String base : agentBaseUrls) {
            String page = metricsPage(base);
            if (page == null) {
                continue;
            }
            answered++;
            buffered += (long) sum(page, "edgeobs_agent_buffer_records");
            dropped += (long) sum(page, "edgeobs_agent_buffer_dropped");
        }
        return new Totals(buffered, dropped, answered, agentBaseUrls.size());
    }

    /** The sum of every series of {@code metric} (exact name, any labels) in a Prometheus text page. */
    static double sum(String page, String metric) {
        double total = 0;
        for (String line : page.split("\n")) {
            if (line.startsWith(metric) && line.length() > metric.length()
                    && (line.charAt(metric.length()) == '{' || line.charAt(metric.length()) == ' ')) {
                try {
                    total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } catch (NumberFormatException e) {
                    // a value that is not a number (NaN written oddly): not part of the sum
                }
            }
        }
        return total;
    }

    private static String metricsPage(String base) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/q/metrics")).timeout(Duration.ofSeconds(2))
                    .header("Accept", "text/plain; version=0.0.4").GET().build();
            HttpResponse<String> response = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

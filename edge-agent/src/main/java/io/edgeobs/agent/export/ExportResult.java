package io.edgeobs.agent.export;

import java.time.Duration;
import java.util.Optional;

/** How an export attempt ended. */
public sealed interface ExportResult {

    /** The receiver has the batch (durably, in the gateway's case): it may be deleted here. */
    record Delivered() implements ExportResult {
    }

    /** Try again later: the receiver is down, overloaded (429/503) or failed (5xx), or the network is. */
    record Retry(String reason, Optional<Duration> retryAfter) implements ExportResult {
    }

    /** The receiver refused this batch for good (other 4xx): it goes to quarantine so the rest can flow. */
    record Rejected(String reason) implements ExportResult {
    }
}

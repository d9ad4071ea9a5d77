package io.edgeobs.query.logs;

import java.time.Instant;

/**
 * Where logs are searched. Implementations apply every filter of the {@link LogQuery}, including its tenant, in
 * the store's own query language (never by filtering in Java), sort newest first with a total order, and page with
 * {@link LogCursor}.
 */
public interface LogStore {

    /** The backend's name as the API reports it: {@code postgresql} or {@code opensearch}. */
    String name();

    LogPage search(LogQuery query);

    /** Records of one device of the tenant in {@code [from, to]}: all, and those of level error or above. */
    Counts count(String tenant, String deviceId, Instant from, Instant to);

    /** Time of the newest record of one device of the tenant, or null. */
    Instant lastLog(String tenant, String deviceId);

    record Counts(long logs, long errors) {
    }
}

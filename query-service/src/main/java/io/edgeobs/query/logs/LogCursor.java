package io.edgeobs.query.logs;

import io.edgeobs.query.api.QueryException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of logs ended, handed to the client as an opaque string. The sort key of the last record returned
 * (time, device, a tie-breaker of the backend) and how many records with exactly that key were returned so far:
 * the next page starts at that key and skips them, so records that share a key (true duplicates) are neither
 * skipped nor repeated. See ADR 0063.
 *
 * @param backend    the backend that made it; a cursor of another backend is refused
 * @param tsUnixNano time of the last record
 * @param deviceId   device of the last record
 * @param tieBreak   PostgreSQL: MD5 of the record's content; OpenSearch: the document {@code _id}
 * @param skip       records with this exact key already returned
 */
record LogCursor(String backend, long tsUnixNano, String deviceId, String tieBreak, int skip) {

    private static final String VERSION = "l1";

    String encode() {
        String s = String.join("\n", VERSION, backend, Long.toString(tsUnixNano), Integer.toString(skip), tieBreak,
                deviceId);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor of a request, or null when absent; one that does not decode, or from another backend, is a 400. */
    static LogCursor decode(String value, String expectedBackend) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] p;
        try {
            p = new String(Base64.getUrlDecoder().decode(value.trim()), StandardCharsets.UTF_8).split("\n", 6);
        } catch (IllegalArgumentException e) {
            throw bad();
        }
        if (p.length != 6 || !p[0].equals(VERSION)) {
            throw bad();
        }
        if (!p[1].equals(expectedBackend)) {
            throw new QueryException.BadParameter("cursor", "made by the " + p[1] + " backend, but logs are now served"
                    + " by " + expectedBackend + "; start again without a cursor");
        }
        try {
            int skip = Integer.parseInt(p[3]);
            if (skip < 1) {
                throw bad();
            }
            return new LogCursor(p[1], Long.parseLong(p[2]), p[5], p[4], skip);
        } catch (NumberFormatException e) {
            throw bad();
        }
    }

    private static QueryException.BadParameter bad() {
        return new QueryException.BadParameter("cursor", "not a cursor of this API; pass the nextCursor of the "
                + "previous page unchanged");
    }
}

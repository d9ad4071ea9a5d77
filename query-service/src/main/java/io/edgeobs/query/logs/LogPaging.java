package io.edgeobs.query.logs;

import java.util.List;

/**
 * Turns the rows a store fetched (at most {@code limit + 1}, in sort order) into a page and its cursor: the cursor
 * holds the last returned record's key and how many records with that key the client has now seen.
 */
final class LogPaging {

    /** A fetched record and the backend's tie-breaker of its sort key. */
    record Row(LogEntry entry, String tieBreak) {
        boolean sameKey(long ts, String device, String tie) {
            return entry.tsUnixNano() == ts && entry.deviceId().equals(device) && tieBreak.equals(tie);
        }
    }

    private LogPaging() {
    }

    static LogPage page(List<Row> rows, LogQuery q, String backend) {
        List<Row> page = rows.size() > q.limit() ? rows.subList(0, q.limit()) : rows;
        List<LogEntry> entries = page.stream().map(Row::entry).toList();
        if (rows.size() <= q.limit()) {
            return new LogPage(entries, null, backend);
        }
        Row last = page.get(page.size() - 1);
        long ts = last.entry().tsUnixNano();
        String device = last.entry().deviceId();
        int skip = 0;
        for (int i = page.size() - 1; i >= 0 && page.get(i).sameKey(ts, device, last.tieBreak()); i--) {
            skip++;
        }
        LogCursor previous = q.cursor();
        if (skip == page.size() && previous != null && previous.tsUnixNano() == ts
                && previous.deviceId().equals(device) && previous.tieBreak().equals(last.tieBreak())) {
            skip += previous.skip();
        }
        return new LogPage(entries, new LogCursor(backend, ts, device, last.tieBreak(), skip).encode(), backend);
    }
}

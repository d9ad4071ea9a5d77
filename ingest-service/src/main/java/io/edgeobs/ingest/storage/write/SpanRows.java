package io.edgeobs.ingest.storage.write;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Span;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** Spans of a poll: binary COPY into staging, one INSERT into {@code spans}, and new services/operations noted. */
final class SpanRows {

    private static final String COLUMNS = "tenant, device_id, trace_id, span_id, parent_span_id, service, operation, "
            + "span_kind, start_time, duration_ns, status_code, status_message, tags, events, links";

    private SpanRows() {
    }

    static long write(Connection c, List<Batch> batches) throws SQLException {
        if (batches.isEmpty()) {
            return 0;
        }
        BinaryCopyWriter w = Staging.copyInto(c, Staging.SPANS, COLUMNS);
        try {
            for (Batch batch : batches) {
                String tenant = batch.resource().tenant();
                String device = batch.resource().deviceId();
                for (Span s : batch.spans()) {
                    w.startRow(15);
                    w.text(tenant);
                    w.text(device);
                    w.bytea(s.traceId().toByteArray());
                    w.bytea(s.spanId().toByteArray());
                    w.byteaOrNull(s.parentSpanId().isEmpty() ? null : s.parentSpanId().toByteArray());
                    w.text(s.service());
                    w.text(s.operation());
                    w.text(s.kind().name().toLowerCase(Locale.ROOT));
                    w.timestamptz(s.startUnixNanos());
                    w.int8(s.durationNanos());
                    w.text(s.status().code().name().toLowerCase(Locale.ROOT));
                    w.text(s.status().message());
                    w.jsonb(Json.tags(s.tags()));
                    w.jsonb(Json.events(s.events()));
                    w.jsonb(Json.links(s.links()));
                }
            }
            w.finish();
        } catch (SQLException | RuntimeException e) {
            w.cancel();
            throw e;
        }
        long rows = Staging.execute(c, "INSERT INTO spans (" + COLUMNS + ") SELECT " + COLUMNS + " FROM " + Staging.SPANS);
        Staging.execute(c, "INSERT INTO span_operations (tenant, service, operation, span_kind) "
                + "SELECT DISTINCT tenant, service, operation, span_kind FROM " + Staging.SPANS
                + " ORDER BY 1, 2, 3, 4 ON CONFLICT DO NOTHING");
        return rows;
    }
}

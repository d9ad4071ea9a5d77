package io.edgeobs.ingest.storage.write;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Span;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Spans of a poll: binary COPY straight into {@code spans} (PostgreSQL routes the rows to their partitions), and the
 * poll's distinct services/operations noted in {@code span_operations}, in key order so that concurrent writers never
 * deadlock on them.
 */
final class SpanRows {

    private static final Comparator<List<String>> OPERATION_ORDER = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int d = a.get(i).compareTo(b.get(i));
            if (d != 0) {
                return d;
            }
        }
        return 0;
    };

    private static final String COLUMNS = "tenant, device_id, trace_id, span_id, parent_span_id, service, operation, "
            + "span_kind, start_time, duration_ns, status_code, status_message, tags, events, links";

    private SpanRows() {
    }

    static long write(Connection c, List<Batch> batches) throws SQLException {
        if (batches.isEmpty()) {
            return 0;
        }
        BinaryCopyWriter w = Staging.copyInto(c, "spans", COLUMNS);
        Set<List<String>> operations = new TreeSet<>(OPERATION_ORDER);
        long rows;
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
                    String kind = s.kind().name().toLowerCase(Locale.ROOT);
                    w.text(s.service());
                    w.text(s.operation());
                    w.text(kind);
                    operations.add(List.of(TextSanitizer.clean(tenant), TextSanitizer.clean(s.service()),
                            TextSanitizer.clean(s.operation()), kind));
                    w.timestamptz(s.startUnixNanos());
                    w.int8(s.durationNanos());
                    w.text(s.status().code().name().toLowerCase(Locale.ROOT));
                    w.text(s.status().message());
                    w.jsonb(Json.tags(s.tags()));
                    w.jsonb(Json.events(s.events()));
                    w.jsonb(Json.links(s.links()));
                }
            }
            rows = w.finish();
        } catch (SQLException | RuntimeException e) {
            w.cancel();
            throw e;
        }
        noteOperations(c, operations);
        return rows;
    }

    private static void noteOperations(Connection c, Set<List<String>> operations) throws SQLException {
        if (operations.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO span_operations (tenant, service, operation, span_kind) "
                + "SELECT o.t, o.s, o.op, o.k FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS o(t, s, op, k, n) "
                + "ORDER BY o.n ON CONFLICT DO NOTHING")) {
            for (int i = 0; i < 4; i++) {
                int column = i;
                ps.setArray(i + 1, c.createArrayOf("text", operations.stream().map(o -> o.get(column)).toArray()));
            }
            ps.executeUpdate();
        }
    }
}

package io.edgeobs.ingest.storage.write;

import io.edgeobs.model.Batch;
import io.edgeobs.model.LogRecord;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Log records of a poll: binary COPY straight into {@code logs} (which derives {@code search} as it takes them). */
final class LogRows {

    private static final String COLUMNS = "tenant, device_id, ts, level, message, fields, trace_id, span_id";

    private LogRows() {
    }

    static long write(Connection c, List<Batch> batches) throws SQLException {
        if (batches.isEmpty()) {
            return 0;
        }
        BinaryCopyWriter w = Staging.copyInto(c, "logs", COLUMNS);
        try {
            for (Batch batch : batches) {
                String tenant = batch.resource().tenant();
                String device = batch.resource().deviceId();
                for (LogRecord l : batch.logs()) {
                    w.startRow(8);
                    w.text(tenant);
                    w.text(device);
                    w.timestamptz(l.timestampUnixNanos());
                    w.int2(l.level().ordinal());
                    w.text(l.message());
                    w.jsonb(Json.fields(l.fields()));
                    w.byteaOrNull(l.traceId().isEmpty() ? null : l.traceId().toByteArray());
                    w.byteaOrNull(l.spanId().isEmpty() ? null : l.spanId().toByteArray());
                }
            }
            return w.finish();
        } catch (SQLException | RuntimeException e) {
            w.cancel();
            throw e;
        }
    }
}

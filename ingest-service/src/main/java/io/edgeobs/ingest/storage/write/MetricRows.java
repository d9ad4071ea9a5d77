package io.edgeobs.ingest.storage.write;

import io.edgeobs.model.Batch;
import io.edgeobs.model.MetricPoint;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Metric points of a poll, by binary COPY: straight into {@code metric_points} (PostgreSQL routes the rows to their
 * partitions with its multi-insert path), or into staging and then one INSERT ... SELECT. Either way the poll's
 * ledger claim in the same transaction is what makes the write exactly once; the rows themselves need no
 * set-based conflict handling.
 */
final class MetricRows {

    private static final String COLUMNS = "series_id, ts, value, exemplar_trace_id";

    private MetricRows() {
    }

    /** Writes every point of {@code batches}, whose series ids are {@code ids[batch][point]}; returns the rows stored. */
    static long write(Connection c, List<Batch> batches, long[][] ids, boolean staged) throws SQLException {
        if (batches.isEmpty()) {
            return 0;
        }
        BinaryCopyWriter w = Staging.copyInto(c, staged ? Staging.METRIC_POINTS : "metric_points", COLUMNS);
        try {
            for (int b = 0; b < batches.size(); b++) {
                List<MetricPoint> points = batches.get(b).metrics();
                long[] batchIds = ids[b];
                for (int i = 0; i < points.size(); i++) {
                    MetricPoint p = points.get(i);
                    w.startRow(4);
                    w.int8(batchIds[i]);
                    w.timestamptz(p.timestampUnixNanos());
                    w.float8(p.value());
                    if (p.exemplarTraceId().isEmpty()) {
                        w.nul();
                    } else {
                        w.bytea(p.exemplarTraceId().toByteArray());
                    }
                }
            }
            long copied = w.finish();
            if (!staged) {
                return copied;
            }
        } catch (SQLException | RuntimeException e) {
            w.cancel();
            throw e;
        }
        return Staging.execute(c, "INSERT INTO metric_points (" + COLUMNS + ") SELECT " + COLUMNS + " FROM "
                + Staging.METRIC_POINTS);
    }
}

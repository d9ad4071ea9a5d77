package io.edgeobs.ingest.storage.write;

import io.edgeobs.model.Batch;
import io.edgeobs.model.MetricPoint;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Metric points of a poll: binary COPY into staging, then one INSERT into {@code metric_points}. */
final class MetricRows {

    private static final String COLUMNS = "series_id, ts, value, exemplar_trace_id";

    private MetricRows() {
    }

    /** Writes every point of {@code batches}, whose series ids are {@code ids[batch][point]}; returns the rows stored. */
    static long write(Connection c, List<Batch> batches, long[][] ids) throws SQLException {
        if (batches.isEmpty()) {
            return 0;
        }
        BinaryCopyWriter w = Staging.copyInto(c, Staging.METRIC_POINTS, COLUMNS);
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
            w.finish();
        } catch (SQLException | RuntimeException e) {
            w.cancel();
            throw e;
        }
        return Staging.execute(c, "INSERT INTO metric_points (" + COLUMNS + ") SELECT " + COLUMNS + " FROM "
                + Staging.METRIC_POINTS);
    }
}

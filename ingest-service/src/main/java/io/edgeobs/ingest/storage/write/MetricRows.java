package io.edgeobs.ingest.storage.write;

import io.edgeobs.model.Batch;
import io.edgeobs.model.MetricPoint;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * Metric points of a poll, by binary COPY: straight into {@code metric_points} (PostgreSQL routes the rows to their
 * partitions with its multi-insert path), or into staging and then one INSERT ... SELECT. Either way the poll's
 * ledger claim in the same transaction is what makes the write exactly once; the rows themselves need no
 * set-based conflict handling.
 *
 * <p>Rows are sent in {@code (series_id, arrival)} order (which within a series is time order, as agents send
 * samples in order): consecutive inserts into the {@code (series_id, ts)} index
 * then land on the same or the next leaf page instead of jumping across it, which is most of what an insert costs
 * the database once the index outgrows its buffers.
 */
final class MetricRows {

    private static final String COLUMNS = "series_id, ts, value, exemplar_trace_id";
    /** Bits of a sort key that hold the point's position in the poll; the series id takes the rest. */
    private static final int POSITION_BITS = 24;

    private MetricRows() {
    }

    /** Positions in {@code (series id, position)} order; as they are when the ids or the count do not fit a sort key. */
    static int[] order(long[] seriesIds) {
        int total = seriesIds.length;
        boolean sortable = total < (1 << POSITION_BITS);
        long[] keys = new long[total];
        for (int i = 0; i < total && sortable; i++) {
            sortable = seriesIds[i] >= 0 && seriesIds[i] < (1L << (63 - POSITION_BITS));
            keys[i] = seriesIds[i] << POSITION_BITS | i;
        }
        int[] order = new int[total];
        if (!sortable) {
            for (int i = 0; i < total; i++) {
                order[i] = i;
            }
            return order;
        }
        Arrays.sort(keys);
        for (int i = 0; i < total; i++) {
            order[i] = (int) (keys[i] & ((1 << POSITION_BITS) - 1));
        }
        return order;
    }

    /** Writes every point of {@code batches}, whose series ids are {@code ids[batch][point]}; returns the rows stored. */
    static long write(Connection c, List<Batch> batches, long[][] ids, boolean staged) throws SQLException {
        if (batches.isEmpty()) {
            return 0;
        }
        int total = 0;
        for (Batch b : batches) {
            total += b.size();
        }
        MetricPoint[] points = new MetricPoint[total];
        long[] seriesIds = new long[total];
        int n = 0;
        for (int b = 0; b < batches.size(); b++) {
            List<MetricPoint> list = batches.get(b).metrics();
            for (int i = 0; i < list.size(); i++, n++) {
                points[n] = list.get(i);
                seriesIds[n] = ids[b][i];
            }
        }
        int[] order = order(seriesIds);
        BinaryCopyWriter w = Staging.copyInto(c, staged ? Staging.METRIC_POINTS : "metric_points", COLUMNS);
        try {
            for (int k = 0; k < total; k++) {
                int at = order[k];
                MetricPoint p = points[at];
                w.startRow(4);
                w.int8(seriesIds[at]);
                w.timestamptz(p.timestampUnixNanos());
                w.float8(p.value());
                if (p.exemplarTraceId().isEmpty()) {
                    w.nul();
                } else {
                    w.bytea(p.exemplarTraceId().toByteArray());
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

package io.edgeobs.query.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one SQL statement that answers a series query, bucketing and aggregating in the database (ADR 0062).
 *
 * <p>Every source is read as sample rows {@code r(id, grp, t, min, max, sum, count, last)}: a raw point is a row
 * with {@code min = max = sum = last = value, count = 1}, a rollup row is itself. Series come in as two arrays
 * (series id, group number), are joined to {@code series} with the caller's tenant again, and each series' rows are
 * read by its own index range scan ({@code LATERAL ... OFFSET 0} keeps that plan: one probe of
 * {@code (series_id, ts)} or the rollup's primary key per series, never a scan of the table).
 *
 * <p>With a rollup, each series reads the rollup up to its newest bucket in the range ({@code cut}) and raw points
 * from {@code cut} on, so buckets the rollup job has not written yet, and the newest bucket it may have written
 * while it was still filling, come from raw points. When raw points of the cut bucket are gone (older than raw
 * retention), the rollup's row for it is used instead.
 *
 * <p>Rate: per series, each sample's increase over the previous sample ({@code lag}, looking back
 * {@link MetricQuery#rateLookback()} before {@code from}); a sample whose value is below the previous one (a rollup
 * row whose {@code min} is below the previous {@code last}, or whose {@code last} is below its own {@code max}) means
 * the counter restarted, and its increase counts from zero (its value). The bucket's increases, summed over the
 * group's series, divided by the step in seconds, are the bucket's rate.
 */
final class PointsSql {

    private static final String EPOCH = "timestamptz '1970-01-01 00:00:00+00'";
    /** Keeps only ids of the caller's tenant, by primary key per id (a generic plan would otherwise hash all series). */
    private static final String TENANT_SERIES = "CROSS JOIN LATERAL (SELECT 1 FROM series se WHERE se.id = u.id "
            + "AND se.tenant = ? OFFSET 0) se ";

    /** SQL and its bind values, in order: String, Long, Double, Instant, long[] (bigint[]), int[] (integer[]). */
    record Statement(String sql, List<Object> args) {
    }

    private PointsSql() {
    }

    static Statement build(String tenant, MetricQuery q, long[] ids, int[] groups) {
        boolean rate = q.aggregation() == Aggregation.RATE;
        Instant start = rate ? q.from().minus(q.rateLookback()) : q.from();
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        Source src = q.source();
        if (src.isRollup()) {
            String table = src.table();
            sql.append("WITH s AS MATERIALIZED (SELECT u.id, u.grp, c.cut, EXISTS (SELECT 1 FROM metric_points p ")
                    .append("WHERE p.series_id = u.id AND p.ts >= c.cut AND p.ts < c.cut + ?::interval) AS raw_at_cut ")
                    .append("FROM unnest(?::bigint[], ?::int[]) AS u(id, grp) ").append(TENANT_SERIES)
                    .append("CROSS JOIN LATERAL (SELECT coalesce((SELECT max(m.bucket) FROM ").append(table)
                    .append(" m WHERE m.series_id = u.id AND m.bucket >= ? AND m.bucket < ?), ?::timestamptz) AS cut OFFSET 0) c), ")
                    .append("r AS (SELECT s.id, s.grp, m.t, m.min, m.max, m.sum, m.count, m.last FROM s CROSS JOIN LATERAL ")
                    .append("(SELECT m.bucket AS t, m.min, m.max, m.sum, m.count, m.last FROM ").append(table)
                    .append(" m WHERE m.series_id = s.id AND m.bucket >= ? AND (m.bucket < s.cut OR (m.bucket = s.cut ")
                    .append("AND NOT s.raw_at_cut)) OFFSET 0) m UNION ALL ")
                    .append("SELECT s.id, s.grp, p.t, p.v, p.v, p.v, 1::bigint, p.v FROM s CROSS JOIN LATERAL ")
                    .append("(SELECT p.ts AS t, p.value AS v FROM metric_points p WHERE p.series_id = s.id ")
                    .append("AND p.ts >= s.cut AND p.ts < ? OFFSET 0) p)");
            args.add(interval(src.bucket()));
            args.add(ids);
            args.add(groups);
            args.add(tenant);
            args.add(start);
            args.add(q.to());
            args.add(start);
            args.add(start);
            args.add(q.to());
        } else {
            sql.append("WITH s AS MATERIALIZED (SELECT u.id, u.grp FROM unnest(?::bigint[], ?::int[]) AS u(id, grp) ")
                    .append(TENANT_SERIES).append("), ")
                    .append("r AS (SELECT s.id, s.grp, p.t, p.v AS min, p.v AS max, p.v AS sum, 1::bigint AS count, ")
                    .append("p.v AS last FROM s CROSS JOIN LATERAL (SELECT p.ts AS t, p.value AS v FROM metric_points p ")
                    .append("WHERE p.series_id = s.id AND p.ts >= ? AND p.ts < ? OFFSET 0) p)");
            args.add(ids);
            args.add(groups);
            args.add(tenant);
            args.add(start);
            args.add(q.to());
        }
        String bucket = "date_bin(?::interval, r.t, " + EPOCH + ")";
        if (rate) {
            sql.append(", d AS (SELECT r.grp, r.t, r.min, r.max, r.last, lag(r.last) OVER (PARTITION BY r.id ")
                    .append("ORDER BY r.t, r.last) AS prev FROM r) ")
                    .append("SELECT x.grp, (extract(epoch FROM x.b) * 1000)::bigint, x.v FROM (SELECT r.grp, ")
                    .append(bucket).append(" AS b, sum(CASE WHEN r.min >= r.prev AND r.last >= r.max THEN r.last - r.prev ")
                    .append("ELSE r.last END) / ? AS v FROM d r WHERE r.prev IS NOT NULL AND r.t >= ? GROUP BY 1, 2) x ");
            args.add(interval(q.step()));
            args.add((double) q.step().toSeconds());
        } else {
            sql.append(" SELECT x.grp, (extract(epoch FROM x.b) * 1000)::bigint, x.v FROM (SELECT r.grp, ")
                    .append(bucket).append(" AS b, ").append(q.aggregation().sql())
                    .append(" AS v FROM r WHERE r.t >= ? GROUP BY 1, 2) x ");
            args.add(interval(q.step()));
        }
        args.add(q.from());
        sql.append("ORDER BY 1, 2");
        return new Statement(sql.toString(), args);
    }

    private static String interval(Duration d) {
        return d.toSeconds() + " seconds";
    }
}

package io.edgeobs.ingest.storage.write;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.edgeobs.model.Batch;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps every point to its series id: from a bounded in-memory cache, and for the misses of a whole poll with one
 * bulk insert and one bulk select. Series rows are committed on their own, before the batch's transaction, so a
 * cached id always exists in the table even if that transaction later rolls back. A series keeps the unit and
 * kind it was first seen with.
 */
public final class SeriesResolver {

    /** By the series' 128-bit hash: cheap to compare, and small (see {@link SeriesHash}). */
    private final Cache<SeriesHash, Long> cache;

    public SeriesResolver(int cacheSize) {
        if (cacheSize <= 0) {
            throw new IllegalArgumentException("the series cache size must be positive, was " + cacheSize);
        }
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    public long cachedSeries() {
        return cache.estimatedSize();
    }

    /** Series ids per batch and point, in the order of {@code batches} and their points. */
    public long[][] resolve(Connection c, List<Batch> batches) throws SQLException {
        long[][] ids = new long[batches.size()][];
        SeriesHash[][] hashes = new SeriesHash[batches.size()][];
        Map<SeriesKey, MetricPoint> missing = new LinkedHashMap<>();
        // a batch holds several samples of each series (an agent exports a few scrapes at once): a plain map in
        // front of the shared cache answers the repeats cheaply
        Map<SeriesHash, Long> seen = new HashMap<>();
        for (int b = 0; b < batches.size(); b++) {
            Batch batch = batches.get(b);
            List<MetricPoint> points = batch.metrics();
            long[] batchIds = new long[points.size()];
            for (int i = 0; i < points.size(); i++) {
                MetricPoint p = points.get(i);
                SeriesHash hash = SeriesHash.of(batch.resource().tenant(), batch.resource().deviceId(), p.name(), p.tags());
                Long id = seen.get(hash);
                if (id == null) {
                    id = cache.getIfPresent(hash);
                    if (id != null) {
                        seen.put(hash, id);
                    }
                }
                if (id == null) {
                    if (hashes[b] == null) {
                        hashes[b] = new SeriesHash[points.size()];
                    }
                    hashes[b][i] = hash;
                    missing.putIfAbsent(key(batch, p), p);
                    batchIds[i] = -1;
                } else {
                    batchIds[i] = id;
                }
            }
            ids[b] = batchIds;
        }
        if (!missing.isEmpty()) {
            Map<SeriesHash, Long> found = new HashMap<>();
            insertAndFetch(c, missing).forEach((k, id) -> found.put(SeriesHash.of(k), id));
            cache.putAll(found);
            for (int b = 0; b < batches.size(); b++) {
                List<MetricPoint> points = batches.get(b).metrics();
                for (int i = 0; i < points.size(); i++) {
                    if (ids[b][i] < 0) {
                        Long id = found.get(hashes[b][i]);
                        if (id == null) {
                            throw new IllegalStateException("series of " + points.get(i).name() + " was neither inserted nor found");
                        }
                        ids[b][i] = id;
                    }
                }
            }
        }
        return ids;
    }

    private static SeriesKey key(Batch batch, MetricPoint p) {
        return new SeriesKey(batch.resource().tenant(), batch.resource().deviceId(), p.name(), p.tags());
    }

    /** Inserts the missing series (in hash order, so concurrent writers lock rows in the same order) and reads all their ids. */
    private static Map<SeriesKey, Long> insertAndFetch(Connection c, Map<SeriesKey, MetricPoint> missing) throws SQLException {
        record Row(byte[] hash, SeriesKey key, MetricPoint point) {
        }
        List<Row> rows = new ArrayList<>(missing.size());
        missing.forEach((k, p) -> rows.add(new Row(k.sha256(), k, p)));
        rows.sort(Comparator.comparing(Row::hash, Arrays::compareUnsigned));
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            byte[][] hashes = rows.stream().map(Row::hash).toArray(byte[][]::new);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO series (key_hash, tenant, device_id, name, unit, kind, tags) "
                    + "SELECT h, t, d, n, u, k, j::jsonb FROM unnest(?::bytea[], ?::text[], ?::text[], ?::text[], ?::text[], "
                    + "?::text[], ?::text[]) WITH ORDINALITY AS r(h, t, d, n, u, k, j, o) ORDER BY o "
                    + "ON CONFLICT (key_hash) DO NOTHING")) {
                ps.setArray(1, c.createArrayOf("bytea", hashes));
                ps.setArray(2, c.createArrayOf("text", rows.stream().map(r -> TextSanitizer.clean(r.key().tenant())).toArray()));
                ps.setArray(3, c.createArrayOf("text", rows.stream().map(r -> TextSanitizer.clean(r.key().deviceId())).toArray()));
                ps.setArray(4, c.createArrayOf("text", rows.stream().map(r -> TextSanitizer.clean(r.key().name())).toArray()));
                ps.setArray(5, c.createArrayOf("text", rows.stream().map(r -> TextSanitizer.clean(r.point().unit())).toArray()));
                ps.setArray(6, c.createArrayOf("text", rows.stream().map(r -> kindName(r.point().kind())).toArray()));
                ps.setArray(7, c.createArrayOf("text", rows.stream().map(r -> Json.tags(r.key().tags())).toArray()));
                ps.executeUpdate();
            }
            Map<ByteKey, SeriesKey> byHash = new HashMap<>();
            rows.forEach(r -> byHash.put(new ByteKey(r.hash()), r.key()));
            Map<SeriesKey, Long> found = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT key_hash, id FROM series WHERE key_hash = ANY (?::bytea[])")) {
                ps.setArray(1, c.createArrayOf("bytea", hashes));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        SeriesKey k = byHash.get(new ByteKey(rs.getBytes(1)));
                        if (k != null) {
                            found.put(k, rs.getLong(2));
                        }
                    }
                }
            }
            return found;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The series table's {@code kind}: the model's kind in lower case ({@code histogram_bucket}). */
    public static String kindName(MetricKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private record ByteKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ByteKey k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}

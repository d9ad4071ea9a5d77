package io.edgeobs.ingest.storage.write;

import io.edgeobs.ingest.decode.IncomingBatch;
import io.edgeobs.ingest.decode.LedgerKey;
import io.edgeobs.model.Signal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ingest ledger: one row per stored batch and sink. {@link #claim} is the exactly-once decision: it inserts
 * the keys in the caller's transaction and returns those that were not there yet, so a batch whose rows commit
 * is recorded by the same commit, and a batch seen again is skipped.
 */
public final class Ledger {

    public static final String SINK_POSTGRESQL = "postgresql";

    /** Rows are inserted in key order, so two instances claiming overlapping keys never deadlock. */
    private static final Comparator<IncomingBatch> KEY_ORDER = Comparator
            .comparing((IncomingBatch b) -> b.key().tenant())
            .thenComparing(b -> b.key().deviceId())
            .thenComparing(b -> b.key().signalName())
            .thenComparingLong(b -> b.key().batchSeq())
            .thenComparing(b -> b.key().contentId());

    private static final String UNNEST_KEYS = "unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[])";

    private Ledger() {
    }

    /** The sinks each of these keys is already recorded for; keys never seen are absent. */
    public static Map<LedgerKey, Set<String>> existing(Connection c, Collection<LedgerKey> keys) throws SQLException {
        Map<LedgerKey, Set<String>> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        String sql = "SELECT l.tenant, l.device_id, l.signal, l.batch_seq, l.content_id, l.sink FROM ingest_ledger l "
                + "JOIN " + UNNEST_KEYS + " AS k(tenant, device_id, signal, batch_seq, content_id) "
                + "USING (tenant, device_id, signal, batch_seq, content_id)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindKeys(c, ps, 1, keys.stream().toList());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.computeIfAbsent(key(rs), k -> new HashSet<>()).add(rs.getString(6));
                }
            }
        }
        return found;
    }

    /** Records the batches for {@code sink} and returns the keys that were new (the others are duplicates). */
    public static Set<LedgerKey> claim(Connection c, List<IncomingBatch> batches, String sink) throws SQLException {
        Set<LedgerKey> claimed = new HashSet<>();
        if (batches.isEmpty()) {
            return claimed;
        }
        List<IncomingBatch> sorted = batches.stream().sorted(KEY_ORDER).toList();
        String sql = "INSERT INTO ingest_ledger (tenant, device_id, signal, batch_seq, content_id, sink, records, source) "
                + "SELECT k.tenant, k.device_id, k.signal, k.batch_seq, k.content_id, ?, k.records, k.source FROM "
                + "unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::int[], ?::text[]) WITH ORDINALITY "
                + "AS k(tenant, device_id, signal, batch_seq, content_id, records, source, n) ORDER BY k.n "
                + "ON CONFLICT DO NOTHING RETURNING tenant, device_id, signal, batch_seq, content_id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, sink);
            List<LedgerKey> keys = sorted.stream().map(IncomingBatch::key).toList();
            bindKeys(c, ps, 2, keys);
            ps.setArray(7, c.createArrayOf("int4", sorted.stream().map(b -> (Object) b.batch().size()).toArray()));
            ps.setArray(8, c.createArrayOf("text", sorted.stream().map(b -> b.source().toString()).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(key(rs));
                }
            }
        }
        return claimed;
    }

    /** Deletes rows older than {@code cutoff}, at most {@code limit} of them; returns how many. */
    public static int trim(Connection c, Instant cutoff, int limit) throws SQLException {
        String sql = "DELETE FROM ingest_ledger WHERE ctid = ANY (ARRAY(SELECT ctid FROM ingest_ledger "
                + "WHERE ingested_at < ? LIMIT ?))";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, java.time.OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC));
            ps.setInt(2, limit);
            return ps.executeUpdate();
        }
    }

    private static void bindKeys(Connection c, PreparedStatement ps, int first, List<LedgerKey> keys) throws SQLException {
        ps.setArray(first, array(c, "text", keys.stream().map(LedgerKey::tenant).toArray()));
        ps.setArray(first + 1, array(c, "text", keys.stream().map(LedgerKey::deviceId).toArray()));
        ps.setArray(first + 2, array(c, "text", keys.stream().map(LedgerKey::signalName).toArray()));
        ps.setArray(first + 3, array(c, "int8", keys.stream().map(k -> (Object) k.batchSeq()).toArray()));
        ps.setArray(first + 4, array(c, "text", keys.stream().map(LedgerKey::contentId).toArray()));
    }

    private static Array array(Connection c, String type, Object[] values) throws SQLException {
        return c.createArrayOf(type, values);
    }

    private static LedgerKey key(ResultSet rs) throws SQLException {
        Signal signal = switch (rs.getString(3)) {
            case "metrics" -> Signal.METRICS;
            case "spans" -> Signal.SPANS;
            case "logs" -> Signal.LOGS;
            default -> throw new IllegalStateException("unknown signal '" + rs.getString(3) + "' in ingest_ledger");
        };
        return new LedgerKey(rs.getString(1), rs.getString(2), signal, rs.getLong(4), rs.getString(5));
    }
}

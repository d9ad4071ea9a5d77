package io.edgeobs.ingest.storage.postgresql;

import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Creates the partitions of each time-partitioned table from its retention horizon to some days ahead, and drops
 * those wholly older than retention (plus a grace period, so a write that passed the retention check moments
 * before never meets a dropped partition). Writers ask {@link #ensure} before writing, which creates a missing
 * partition on the spot; DDL runs under an advisory lock, so several ingest instances never race.
 */
final class PartitionMaintenance {

    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class);
    /** pg_advisory_xact_lock key of partition DDL ("edgeobs ingest partitions"). */
    static final long DDL_LOCK = 0x6564_6765_0001L;
    static final Duration DROP_GRACE = Duration.ofHours(1);

    private final List<PartitionedTable> tables;
    private final int daysAhead;
    /** Partition starts known to exist, per table; refreshed from the catalog on a miss. */
    private final Map<String, NavigableSet<LocalDate>> known = new ConcurrentHashMap<>();

    PartitionMaintenance(List<PartitionedTable> tables, int daysAhead) {
        if (daysAhead < 2) {
            throw new IllegalArgumentException("partitions must be created at least 2 days ahead (records may be up to "
                    + "a day in the future), was " + daysAhead);
        }
        this.tables = List.copyOf(tables);
        this.daysAhead = daysAhead;
    }

    /** Creates what is missing and drops what expired; returns a summary. */
    String maintain(Connection c, Instant now) throws SQLException {
        int created = 0;
        List<String> dropped = new ArrayList<>();
        for (PartitionedTable t : tables) {
            NavigableSet<LocalDate> existing = refresh(c, t);
            LocalDate from = t.partitionOf(now.minus(t.retention()));
            LocalDate to = t.partitionOf(now.plus(Duration.ofDays(daysAhead)));
            List<LocalDate> missing = new ArrayList<>();
            for (LocalDate d = from; !d.isAfter(to); d = t.next(d)) {
                if (!existing.contains(d)) {
                    missing.add(d);
                }
            }
            created += create(c, t, missing);
            Instant horizon = now.minus(t.retention()).minus(DROP_GRACE);
            for (LocalDate d : existing) {
                if (!PartitionedTable.startOf(t.next(d)).isAfter(horizon)) {
                    drop(c, t, d);
                    dropped.add(t.partitionName(d));
                }
            }
        }
        if (!dropped.isEmpty()) {
            LOG.infof("dropped expired partitions %s", dropped);
        }
        return "partitions created " + created + ", dropped " + dropped.size();
    }

    /** Makes sure the partitions for {@code [from, to]} of {@code table} exist. */
    void ensure(Connection c, String table, Instant from, Instant to) throws SQLException {
        PartitionedTable t = table(table);
        NavigableSet<LocalDate> existing = known.get(table);
        List<LocalDate> needed = new ArrayList<>();
        for (LocalDate d = t.partitionOf(from); !d.isAfter(t.partitionOf(to)); d = t.next(d)) {
            needed.add(d);
        }
        if (existing != null && existing.containsAll(needed)) {
            return;
        }
        existing = refresh(c, t);
        List<LocalDate> missing = needed.stream().filter(d -> !known.get(table).contains(d)).toList();
        if (!missing.isEmpty()) {
            create(c, t, missing);
        }
    }

    List<PartitionedTable> tables() {
        return tables;
    }

    /** Partition starts of a table, from the catalog. */
    NavigableSet<LocalDate> refresh(Connection c, PartitionedTable t) throws SQLException {
        NavigableSet<LocalDate> found = new ConcurrentSkipListSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relname FROM pg_inherits i "
                + "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
                + "WHERE p.relname = ? AND p.relnamespace = current_schema()::regnamespace")) {
            ps.setString(1, t.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    t.parse(rs.getString(1)).ifPresent(found::add);
                }
            }
        }
        known.put(t.name(), found);
        return found;
    }

    private int create(Connection c, PartitionedTable t, List<LocalDate> starts) throws SQLException {
        if (starts.isEmpty()) {
            return 0;
        }
        inDdlTransaction(c, s -> {
            for (LocalDate d : starts) {
                s.execute(t.createSql(d));
            }
        });
        known.computeIfAbsent(t.name(), k -> new ConcurrentSkipListSet<>()).addAll(starts);
        LOG.debugf("created partitions of %s from %s (%d)", t.name(), starts.get(0), starts.size());
        return starts.size();
    }

    private void drop(Connection c, PartitionedTable t, LocalDate start) throws SQLException {
        inDdlTransaction(c, s -> s.execute("DROP TABLE IF EXISTS " + t.partitionName(start)));
        NavigableSet<LocalDate> set = known.get(t.name());
        if (set != null) {
            set.remove(start);
        }
    }

    private interface Ddl {
        void run(Statement s) throws SQLException;
    }

    private static void inDdlTransaction(Connection c, Ddl ddl) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL lock_timeout = '10s'");
            s.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
            ddl.run(s);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private PartitionedTable table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no partitioned table " + name));
    }
}

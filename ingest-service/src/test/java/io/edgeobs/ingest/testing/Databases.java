package io.edgeobs.ingest.testing;

import io.edgeobs.ingest.storage.Migrations;
import io.edgeobs.ingest.storage.Retention;
import io.edgeobs.ingest.storage.StorageDialect;
import io.edgeobs.ingest.storage.postgresql.PostgresDialect;
import io.edgeobs.testsupport.postgres.EmbeddedPostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh, migrated databases on one embedded PostgreSQL server, for storage tests outside Quarkus. */
public final class Databases implements AutoCloseable {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private final EmbeddedPostgresServer server = EmbeddedPostgresServer.start();

    public EmbeddedPostgresServer server() {
        return server;
    }

    /** A new database with the PostgreSQL dialect's schema, and partitions around {@code now}. */
    public PGSimpleDataSource migrated(StorageDialect dialect, Instant now) throws SQLException {
        PGSimpleDataSource ds = dataSource("ingest_" + NEXT.incrementAndGet());
        Migrations.applyFromClassPath(ds, dialect);
        try (Connection c = ds.getConnection()) {
            dialect.prepare(c, now);
        }
        return ds;
    }

    public PGSimpleDataSource migrated(Instant now) throws SQLException {
        return migrated(new PostgresDialect(Retention.DEFAULTS, 3), now);
    }

    public PGSimpleDataSource dataSource(String database) {
        server.createDatabase(database);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(server.jdbcUrl(database));
        ds.setUser(server.username());
        ds.setPassword(server.password());
        return ds;
    }

    public static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every row of a query as a list of column values. */
    public static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
    }
}

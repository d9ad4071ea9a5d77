package io.edgeobs.query.testing;

import io.edgeobs.testsupport.postgres.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The one test resource of the query service's {@code @QuarkusTest}s: a real PostgreSQL with the ingest service's
 * schema (its migrations read from the ingest module, as the ingest service applies them, with a DEFAULT partition
 * per time-series table so any timestamp fits), and the API keys of {@link TestKeys} seeded.
 */
public class QueryDatabase implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "query_test";
    private EmbeddedPostgresServer postgres;

    @Override
    public Map<String, String> start() {
        postgres = EmbeddedPostgresServer.start();
        postgres.createDatabase(DATABASE);
        try (Connection c = postgres.connect(DATABASE)) {
            applyIngestSchema(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the ingest schema: " + e.getMessage(), e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(DATABASE),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password(),
                "edgeobs.query.auth.seed-keys", TestKeys.seedConfig());
    }

    /** The ingest service's tables, as its migrations make them for the plain PostgreSQL dialect. */
    public static void applyIngestSchema(Connection c) throws SQLException {
        Path migrations = ingestMigrations();
        try (Statement st = c.createStatement()) {
            st.execute(Files.readString(migrations.resolve("common/V1__catalog_ledger_devices.sql")));
            st.execute(Files.readString(migrations.resolve("postgresql/V2__time_series_partitioned.sql")));
            for (String t : List.of("metric_points", "metrics_1m", "metrics_1h", "spans", "logs")) {
                st.execute("CREATE TABLE " + t + "_pdefault PARTITION OF " + t + " DEFAULT");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path ingestMigrations() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path p = dir.resolve("ingest-service/src/main/resources/db/ingest");
            if (Files.isDirectory(p)) {
                return p;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find ingest-service/src/main/resources/db/ingest above "
                + Path.of("").toAbsolutePath());
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }
}

package io.edgeobs.testsupport;

import io.edgeobs.testsupport.postgres.EmbeddedPostgresServer;
import io.edgeobs.testsupport.postgres.PostgresResource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresTest {

    @Test
    void shouldRoundTripARowThroughARealServer() throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            // Given
            String url = pg.createDatabase("roundtrip");

            // When
            try (Connection c = DriverManager.getConnection(url, pg.username(), pg.password());
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE devices (id text PRIMARY KEY, tags jsonb NOT NULL, last_seen timestamptz)");
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO devices VALUES (?, ?::jsonb, now())")) {
                    insert.setString(1, "dev-1");
                    insert.setString(2, "{\"site\": \"north\"}");
                    insert.executeUpdate();
                }

                // Then
                try (ResultSet rs = s.executeQuery("SELECT id, tags->>'site', version() FROM devices")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("dev-1");
                    assertThat(rs.getString(2)).isEqualTo("north");
                    assertThat(rs.getString(3)).startsWith("PostgreSQL 18");
                }
            }
        }
    }

    @Test
    void shouldKeepDataInAGivenDirectoryAcrossRestartsAndTakeNewSettingsOnARestart() throws Exception {
        Path dir = DataDirs.temporary("postgres-persistent-");
        try {
            // Given a server on a persistent directory with one row
            try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().dataDir(dir).start();
                 Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v int)");
                s.execute("INSERT INTO kept VALUES (42)");
            }

            // When it restarts on the same directory with server settings
            try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().dataDir(dir)
                    .settings(Map.of("max_wal_size", "3GB", "checkpoint_timeout", "15min")).start();
                 Connection c = pg.connect("postgres"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT v, current_setting('max_wal_size'), "
                         + "current_setting('checkpoint_timeout') FROM kept")) {
                // Then the row is still there, and the settings are in force
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
                assertThat(rs.getString(2)).isEqualTo("3GB");
                assertThat(rs.getString(3)).isEqualTo("15min");
            }
        } finally {
            DataDirs.deleteRecursively(dir);
        }
    }

    @Test
    void shouldGiveQuarkusAWorkingDatasource() throws Exception {
        // Given
        PostgresResource resource = new PostgresResource();
        resource.init(Map.of("database", "quarkus_test"));

        // When
        Map<String, String> config = resource.start();
        try {
            // Then
            assertThat(config).containsEntry("quarkus.datasource.db-kind", "postgresql")
                    .containsKeys("quarkus.datasource.reactive.url");
            assertThat(config.get("quarkus.datasource.jdbc.url")).endsWith("/quarkus_test");
            try (Connection c = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                    config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
                 ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("quarkus_test");
            }
        } finally {
            resource.stop();
        }
    }
}

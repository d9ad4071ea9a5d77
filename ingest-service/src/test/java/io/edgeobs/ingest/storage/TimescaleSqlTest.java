package io.edgeobs.ingest.storage;

import io.edgeobs.ingest.storage.timescaledb.TimescaleDialect;
import io.edgeobs.ingest.storage.write.BatchWriter;
import io.edgeobs.ingest.storage.write.SeriesResolver;
import io.edgeobs.ingest.testing.Databases;
import io.edgeobs.ingest.testing.TestBatches;
import io.edgeobs.model.Signal;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

import static io.edgeobs.ingest.testing.Databases.count;
import static io.edgeobs.ingest.testing.Databases.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TimescaleDB is not installable where edgeobs is built, so its dialect is checked on plain PostgreSQL: every
 * statement through PostgreSQL's parser (inside a PL/pgSQL body, which parses without running), and everything
 * that can run with small stand-ins for TimescaleDB's functions: the tables, the continuous aggregates' queries as
 * plain materialized views, the policies, and the write path against that schema.
 */
class TimescaleSqlTest {

    private static final String MIGRATION = "db/ingest/timescaledb/V2__time_series_hypertables.sql";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.HOURS);
    private static Databases databases;

    @BeforeAll
    static void startPostgres() {
        databases = new Databases();
    }

    @AfterAll
    static void stopPostgres() {
        databases.close();
    }

    @Test
    void shouldParseEveryStatementOfTheMigrationAndThePolicies() throws Exception {
        // Given
        List<String> statements = new ArrayList<>(statements(resource(MIGRATION)));
        statements.addAll(new TimescaleDialect(Retention.DEFAULTS).policies());

        try (Connection c = databases.dataSource("ts_syntax").getConnection()) {
            // When / Then: each one goes through the parser
            for (String sql : statements) {
                parse(c, sql);
            }
            assertThat(statements).hasSizeGreaterThan(20);
        }
    }

    @Test
    void shouldRejectABrokenStatementInTheSyntaxCheck() throws Exception {
        // Given: the check itself must be able to fail
        try (Connection c = databases.dataSource("ts_syntax_broken").getConnection()) {
            // When / Then
            assertThatThrownBy(() -> parse(c, "CREATE MATERIALIZED VIEW v WITH (timescaledb.continuous) AS SELEC 1"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("syntax error");
        }
    }

    @Test
    void shouldRunTheSchemaPoliciesAndWritePathWithStandInsAndAggregateLikeTheRawPoints() throws Exception {
        // Given: the common migration, then the TimescaleDB one with its extension-only parts replaced
        PGSimpleDataSource ds = databases.dataSource("ts_run");
        Flyway.configure(getClass().getClassLoader()).dataSource(ds).locations("classpath:db/ingest/common")
                .table("ingest_schema_history").load().migrate();
        TimescaleDialect dialect = new TimescaleDialect(Retention.DEFAULTS);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(resource("timescaledb-stubs.sql"));
            for (String sql : statements(resource(MIGRATION))) {
                if (sql.startsWith("CREATE EXTENSION") || sql.contains("timescaledb.compress")) {
                    continue;
                }
                s.execute(sql.replace("WITH (timescaledb.continuous) ", ""));
            }
            dialect.prepare(c, NOW);

            // When: the write path stores into the hypertables' layout, and the aggregates are refreshed
            BatchWriter writer = new BatchWriter(dialect, new SeriesResolver(100), EnumSet.allOf(Signal.class),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            writer.write(c, io.edgeobs.ingest.testing.TestBatches.incoming(List.of(
                    TestBatches.metrics("acme", "dev-1", 1, NOW.minus(2, ChronoUnit.HOURS), 600, 4),
                    TestBatches.metrics("acme", "dev-2", 1, NOW.minus(1, ChronoUnit.HOURS), 400, 2))));
            s.execute("REFRESH MATERIALIZED VIEW metrics_1m");
            s.execute("REFRESH MATERIALIZED VIEW metrics_1h");

            // Then
            assertThat(count(c, "SELECT count(*) FROM metric_points")).isEqualTo(1000);
            assertThat(rows(c, RollupJobTest.ROLLED_1M)).isEqualTo(rows(c, RollupJobTest.RAW_1M)).isNotEmpty();
            assertThat(rows(c, RollupJobTest.ROLLED_1H)).isEqualTo(rows(c, RollupJobTest.RAW_1H)).isNotEmpty();
        }
    }

    /** Parses {@code sql} without running it: PL/pgSQL checks the syntax of the statements of a function it creates. */
    private static void parse(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE FUNCTION pg_temp.syntax_check() RETURNS void LANGUAGE plpgsql AS $check$ BEGIN "
                    + sql + "; END $check$");
        }
    }

    /** The statements of a migration: comments dropped, split at semicolons that end a line. */
    static List<String> statements(String script) {
        StringBuilder sb = new StringBuilder();
        for (String line : script.split("\n")) {
            String code = line.contains("--") ? line.substring(0, line.indexOf("--")) : line;
            sb.append(code).append('\n');
        }
        return Arrays.stream(sb.toString().split(";\\s*\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static String resource(String name) throws IOException {
        try (InputStream in = TimescaleSqlTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

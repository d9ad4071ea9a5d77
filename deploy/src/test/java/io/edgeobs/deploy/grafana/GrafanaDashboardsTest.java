package io.edgeobs.deploy.grafana;

import io.edgeobs.deploy.Repo;
import io.edgeobs.testsupport.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every provisioned dashboard parses, uses only provisioned datasource uids, and every SQL in it (panels and
 * template variables) runs against a real PostgreSQL with the ingest migrations applied, after Grafana's macro
 * expansion, and returns rows from the data inserted here.
 */
class GrafanaDashboardsTest {

    private static final Instant NOW = Instant.now();
    private static EmbeddedPostgresServer pg;
    private static Connection db;

    @BeforeAll
    static void database() throws Exception {
        pg = EmbeddedPostgresServer.start();
        pg.createDatabase("grafana_test");
        db = pg.connect("grafana_test");
        Path migrations = Repo.root().resolve("ingest-service/src/main/resources/db/ingest");
        try (Statement st = db.createStatement()) {
            st.execute(Files.readString(migrations.resolve("common/V1__catalog_ledger_devices.sql")));
            st.execute(Files.readString(migrations.resolve("postgresql/V2__time_series_partitioned.sql")));
            for (String t : List.of("metric_points", "metrics_1m", "metrics_1h", "spans", "logs")) {
                st.execute("CREATE TABLE " + t + "_pdefault PARTITION OF " + t + " DEFAULT");
            }
            // the datasource has timescaledb: true; plain PostgreSQL gets the one function the macros use
            st.execute("CREATE FUNCTION time_bucket(w interval, t timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS "
                    + "'SELECT to_timestamp(floor(extract(epoch FROM t) / extract(epoch FROM w)) * extract(epoch FROM w))'");
        }
        GrafanaTestData.insert(db, NOW);
    }

    @AfterAll
    static void close() throws SQLException {
        if (db != null) {
            db.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static List<Map<String, Object>> dashboards() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Repo.root().resolve("grafana/dashboards"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                Map<String, Object> d = new Yaml().load(Files.readString(f));
                assertThat(d).as(f.toString()).containsKeys("uid", "title", "panels");
                out.add(d);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> provisionedUids() throws IOException {
        Set<String> uids = new HashSet<>();
        try (Stream<Path> files = Files.list(Repo.root().resolve("grafana/provisioning/datasources"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Map<String, Object> doc = new Yaml().load(Files.readString(f));
                for (Map<String, Object> ds : (List<Map<String, Object>>) doc.get("datasources")) {
                    uids.add((String) ds.get("uid"));
                }
            }
        }
        return uids;
    }

    @Test
    void theFiveDashboardsAreProvisionedWithUniqueUidsAndKnownDatasources() throws IOException {
        List<Map<String, Object>> dashboards = dashboards();
        assertThat(dashboards).extracting(d -> d.get("uid")).doesNotHaveDuplicates().contains("edgeobs-fleet-health",
                "edgeobs-pipeline-health", "edgeobs-metrics-explorer", "edgeobs-logs", "edgeobs-traces");
        Set<String> provisioned = provisionedUids();
        Set<String> used = new HashSet<>();
        for (Map<String, Object> d : dashboards) {
            collectUids(d, used);
        }
        assertThat(used).contains("edgeobs-timescaledb", "edgeobs-traces");
        assertThat(provisioned).containsAll(used);
        String kustomization = Files.readString(Repo.root().resolve("grafana/kustomization.yaml"));
        try (Stream<Path> files = Files.list(Repo.root().resolve("grafana/dashboards"))) {
            files.forEach(f -> assertThat(kustomization).contains("dashboards/" + f.getFileName()));
        }
    }

    @SuppressWarnings("unchecked")
    private static void collectUids(Object node, Set<String> uids) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (("datasource".equals(e.getKey())) && e.getValue() instanceof Map<?, ?> ds && ds.get("uid") != null) {
                    uids.add((String) ds.get("uid"));
                } else if ("datasourceUid".equals(e.getKey())) {
                    uids.add((String) e.getValue());
                }
                collectUids(e.getValue(), uids);
            }
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectUids(v, uids));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySqlQueryRunsWithGrafanasMacrosAndReturnsTheInsertedData() throws Exception {
        int queries = 0;
        for (Map<String, Object> d : dashboards()) {
            List<Map<String, Object>> vars = (List<Map<String, Object>>) ((Map<String, Object>) d.get("templating")).get("list");
            Set<String> multi = new HashSet<>();
            for (Map<String, Object> v : vars) {
                if (Boolean.TRUE.equals(v.get("multi")) || Boolean.TRUE.equals(v.get("includeAll"))) {
                    multi.add((String) v.get("name"));
                }
            }
            GrafanaMacros macros = new GrafanaMacros(NOW.minus(Duration.ofHours(6)), NOW.plusSeconds(60),
                    Duration.ofMinutes(1), GrafanaTestData.VARIABLES, multi);
            for (Map<String, Object> v : vars) {
                if ("query".equals(v.get("type"))) {
                    assertRows(d, "variable " + v.get("name"), macros.expand((String) v.get("query")));
                    queries++;
                }
            }
            for (Map<String, Object> p : (List<Map<String, Object>>) d.get("panels")) {
                for (Map<String, Object> t : (List<Map<String, Object>>) p.get("targets")) {
                    if (t.get("rawSql") != null) {
                        assertRows(d, "panel " + p.get("title"), macros.expand((String) t.get("rawSql")));
                        queries++;
                    }
                }
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(30);
    }

    private static void assertRows(Map<String, Object> dashboard, String what, String sql) throws SQLException {
        String where = dashboard.get("uid") + " / " + what;
        assertThat(sql).as(where).doesNotContain("$");
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int rows = 0;
            boolean someNonZero = false;
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                rows++;
                for (int c = 1; c <= cols; c++) {
                    Object v = rs.getObject(c);
                    someNonZero |= v != null && !(v instanceof Number n && n.doubleValue() == 0);
                }
            }
            assertThat(rows).as(where + ": " + sql).isPositive();
            assertThat(someNonZero).as(where + " returned only zeros/nulls: " + sql).isTrue();
        } catch (SQLException e) {
            throw new SQLException(where + ": " + e.getMessage() + "\n" + sql, e);
        }
    }
}

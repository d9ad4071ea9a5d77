package io.edgeobs.query.metrics;

import io.edgeobs.query.testing.QueryTestProfile;
import io.edgeobs.query.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.edgeobs.query.metrics.MetricsAggregationTest.assertClose;
import static io.edgeobs.query.metrics.MetricsApi.as;
import static io.edgeobs.query.metrics.MetricsApi.query;
import static io.edgeobs.query.metrics.MetricsApi.series;
import static io.edgeobs.query.metrics.MetricsApi.values;
import static io.edgeobs.query.testing.TestKeys.ACME;
import static io.edgeobs.query.testing.TestKeys.ACME_VIEWER;
import static io.edgeobs.query.testing.TestKeys.GLOBEX;
import static io.edgeobs.query.testing.TestKeys.GLOBEX_VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Which series a query reads and how they are grouped: tag filters (exact, several values, regex), the device
 * filter and the device_id pseudo-tag, groupBy of two tags, the series cap, and another tenant seeing nothing.
 */
@QuarkusTest
@TestProfile(QueryTestProfile.class)
class MetricsSeriesSelectionTest {

    @Inject
    DataSource db;
    TestData data;
    Instant t0;
    long m0;
    String name;

    @BeforeEach
    void setUp() {
        data = new TestData(db);
        t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
        m0 = t0.toEpochMilli();
        // each series has one point in the first minute: its value says which series it is
        name = TestData.unique("disk_used");
        point("dev-1", Map.of("region", "eu", "host", "a", "core", "0"), 1);
        point("dev-1", Map.of("region", "eu", "host", "a", "core", "1"), 2);
        point("dev-2", Map.of("region", "eu", "host", "b", "core", "0"), 4);
        point("dev-3", Map.of("region", "us", "host", "a", "core", "0"), 8);
        point("dev-3", Map.of("region", "us", "core", "1"), 16);
    }

    private void point(String device, Map<String, String> tags, double value) {
        data.points(data.series(ACME, device, name, "gauge", tags), t0, Duration.ofSeconds(15), value);
    }

    private Map<String, Object> sum(String key, Object... filters) {
        Object[] base = {"name", name, "from", String.valueOf(m0), "to", String.valueOf(m0 + 60_000), "step", "60s",
                "agg", "sum"};
        Object[] all = new Object[base.length + filters.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(filters, 0, all, base.length, filters.length);
        return query(key, all);
    }

    private double total(Object... filters) {
        Map<String, Object> body = sum(ACME_VIEWER, filters);
        assertThat(series(body)).hasSize(1);
        return values(body, 0).get(m0);
    }

    @Test
    void shouldGroupByTwoTagsInOrderOfTheirValuesLeavingOutAMissingTag() {
        Map<String, Object> body = sum(ACME_VIEWER, "groupBy", "region,host");
        assertThat(series(body)).extracting(s -> s.get("tags")).containsExactly(
                Map.of("region", "eu", "host", "a"), Map.of("region", "eu", "host", "b"),
                Map.of("region", "us"), Map.of("region", "us", "host", "a"));
        assertThat(series(body)).extracting(s -> values(body, series(body).indexOf(s)).get(m0))
                .containsExactly(3.0, 4.0, 16.0, 8.0);

        Map<String, Object> byDevice = sum(ACME_VIEWER, "groupBy", "device_id");
        assertThat(series(byDevice)).extracting(s -> s.get("tags")).containsExactly(
                Map.of("device_id", "dev-1"), Map.of("device_id", "dev-2"), Map.of("device_id", "dev-3"));
        assertClose(values(byDevice, 2), Map.of(m0, 24.0));
    }

    @Test
    void shouldFilterByTagsAndDevice() {
        assertThat(total()).isEqualTo(31.0);
        assertThat(total("tag.region", "eu")).isEqualTo(7.0);
        assertThat(total("tag.region", "eu", "tag.host", "a")).isEqualTo(3.0);
        assertThat(total("tag.core", "1")).isEqualTo(18.0);
        assertThat(total("tag.host", "b", "tag.host", "a")).isEqualTo(15.0);
        assertThat(total("tag.host", "~a|b")).isEqualTo(15.0);
        assertThat(total("tag.host", "~b.*", "tag.region", "eu")).isEqualTo(4.0);
        assertThat(total("device", "dev-3")).isEqualTo(24.0);
        assertThat(total("tag.device_id", "dev-1")).isEqualTo(3.0);
        assertThat(total("tag.device_id", "~dev-[12]", "tag.core", "0")).isEqualTo(5.0);
        // regular expressions match the whole value
        assertThat(series(sum(ACME_VIEWER, "tag.region", "~e"))).isEmpty();
        assertThat(series(sum(ACME_VIEWER, "tag.region", "asia"))).isEmpty();
    }

    @Test
    void shouldShowAnotherTenantNothingEvenWithTheExactNameTagsAndDevice() {
        Map<String, Object> body = sum(GLOBEX_VIEWER, "tag.region", "eu", "device", "dev-1", "groupBy", "host");
        assertThat(series(body)).isEmpty();
        assertThat(series(sum(GLOBEX_VIEWER))).isEmpty();
        assertThat(series(sum(GLOBEX_VIEWER, "source", "1m"))).isEmpty();
        as(GLOBEX_VIEWER, "match", name.substring(0, name.length() - 2)).when().get("/api/v1/metrics/names").then()
                .statusCode(200).body("names", equalTo(List.of()));
        as(GLOBEX_VIEWER, "name", name).when().get("/api/v1/metrics/tags").then().statusCode(200)
                .body("tags", equalTo(Map.of()));
        // while acme sees them
        as(ACME_VIEWER, "match", name.substring(0, name.length() - 2)).when().get("/api/v1/metrics/names").then()
                .statusCode(200).body("names", equalTo(List.of(name)));
    }

    @Test
    void shouldReadNoPointsOfAnotherTenantsSeriesIdsEvenWhenTheSqlIsHandedThem() throws Exception {
        // Given acme's series ids handed straight to the points SQL with globex as the tenant (every source, rate too)
        long id = data.series(ACME, "dev-1", name, "counter", Map.of("host", "z"));
        data.points(id, t0, Duration.ofSeconds(15), 1, 2, 3);
        MetricsApi.rollup(data, "metrics_1m", id, t0, 1, 3, 6, 3, 3);
        for (Source source : Source.values()) {
            for (Aggregation agg : List.of(Aggregation.SUM, Aggregation.RATE)) {
                MetricQuery q = new MetricQuery(name, t0, t0.plusSeconds(3600), Duration.ofSeconds(3600), agg, List.of(),
                        null, List.of(), source, List.of());
                // Then globex gets no row, while acme gets its sum
                assertThat(rows(PointsSql.build(GLOBEX, q, new long[]{id}, new int[]{0}))).as("%s %s", source, agg).isZero();
                if (agg == Aggregation.SUM) {
                    assertThat(rows(PointsSql.build(ACME, q, new long[]{id}, new int[]{0}))).as("%s", source).isEqualTo(1);
                }
            }
        }
    }

    private int rows(PointsSql.Statement st) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(st.sql())) {
            for (int i = 0; i < st.args().size(); i++) {
                Object a = st.args().get(i);
                if (a instanceof Instant t) {
                    ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
                } else if (a instanceof long[] l) {
                    ps.setArray(i + 1, c.createArrayOf("bigint", new Object[]{l[0]}));
                } else if (a instanceof int[] g) {
                    ps.setArray(i + 1, c.createArrayOf("integer", new Object[]{g[0]}));
                } else {
                    ps.setObject(i + 1, a);
                }
            }
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }

    @Test
    void shouldRefuseAQueryOfMoreSeriesThanTheCapNamingTheFilterToNarrow() {
        // Given 501 series of one metric (max-series is 500)
        String wide = TestData.unique("wide");
        data.execute("INSERT INTO series (key_hash, tenant, device_id, name, unit, kind, tags) SELECT "
                + "sha256(convert_to(? || i, 'UTF8')), ?, 'dev-' || (i % 7), ?, '', 'gauge', jsonb_build_object('i', i::text) "
                + "FROM generate_series(1, 501) AS i", wide, ACME, wide);

        as(ACME_VIEWER, "name", wide).when().get("/api/v1/metrics/query").then().statusCode(400)
                .body("parameter", equalTo("device")).body("detail", containsString("more than 500 series"));
        as(ACME_VIEWER, "name", wide, "device", "dev-1").when().get("/api/v1/metrics/query").then().statusCode(200)
                .body("series.size()", equalTo(1)).body("series[0].points", equalTo(List.of()));

        // And the tags endpoint lists the first 500 values of i (sorted as text) and says it cut them
        as(ACME_VIEWER, "name", wide).when().get("/api/v1/metrics/tags").then().statusCode(200)
                .body("tags.i.size()", equalTo(500)).body("tags.i[0]", equalTo("1")).body("truncated", equalTo(true))
                .body("truncatedKeys", equalTo(List.of("i"))).body("tags.device_id.size()", equalTo(7));
    }
}

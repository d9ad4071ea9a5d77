package io.edgeobs.query.metrics;

import io.edgeobs.query.api.QueryException;
import io.edgeobs.query.config.QueryConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing, default step, alignment and the source choice against retention, with a fixed now. */
class MetricQueryParserTest {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    final MetricQueryParser parser = new MetricQueryParser(config());

    @Test
    void shouldPickANiceDefaultStepOfAboutThreeHundredPoints() {
        assertThat(parse("from", "now-24h").step()).isEqualTo(Duration.ofMinutes(5));
        assertThat(parse("from", "now-1h").step()).isEqualTo(Duration.ofSeconds(15));
        assertThat(parse("from", "now-7d").step()).isEqualTo(Duration.ofMinutes(60));
        assertThat(parse("from", "now-5m").step()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldAlignTheRangeToWholeSteps() {
        MetricQuery q = parse("from", "2026-12-03T10:00:07Z", "to", "2026-12-03T10:05:03.5Z", "step", "1m");
        assertThat(q.from()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
        assertThat(q.to()).isEqualTo(Instant.parse("2026-12-03T10:06:00Z"));
        assertThat(q.aggregation()).isEqualTo(Aggregation.AVG);
    }

    @Test
    void shouldNotReadRawPointsForAShortRangeOlderThanRawRetention() {
        assertThat(parse("from", "now-30m", "step", "60s").source()).isEqualTo(Source.RAW);
        MetricQuery old = parse("from", "now-10d", "to", "now-239h", "step", "60s");
        assertThat(old.source()).isEqualTo(Source.M1);
        assertThat(old.warnings()).isEmpty();
    }

    @Test
    void shouldWarnWhenTheSourceIsNotKeptThatFarBack() {
        MetricQuery raw = parse("from", "now-10d", "to", "now-9d", "step", "30s");
        assertThat(raw.source()).isEqualTo(Source.RAW);
        assertThat(raw.warnings()).singleElement().asString().contains("raw is kept for 7 days");
        MetricQuery minutes = parse("from", "now-100d", "to", "now-99d", "step", "5m");
        assertThat(minutes.source()).isEqualTo(Source.M1);
        assertThat(minutes.warnings()).singleElement().asString().contains("metrics_1m is kept for 90 days")
                .contains("whole hours");
        assertThat(parse("from", "now-100d", "to", "now-99d", "step", "1h").warnings()).isEmpty();
    }

    @Test
    void shouldParseTagMatchersExactSeveralValuesAndRegex() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("name", List.of("m"));
        p.put("tag.host", List.of("a", "b"));
        p.put("tag.dc", List.of("~eu-.*"));
        p.put("groupBy", List.of("dc, host,dc"));
        MetricQuery q = parser.parse(p, NOW);
        assertThat(q.matchers()).containsExactly(new TagMatcher("host", List.of("a", "b"), null),
                new TagMatcher("dc", null, "eu-.*"));
        assertThat(q.groupBy()).containsExactly("dc", "host");
        assertThat(SeriesFinder.anchored("eu-.*")).isEqualTo("^(?:eu-.*)$");
    }

    @Test
    void shouldNameTheParameterOfEachRefusal() {
        assertThatThrownBy(() -> parse("tag.", "x")).isInstanceOf(QueryException.BadParameter.class)
                .extracting(e -> ((QueryException) e).parameter()).isEqualTo("tag.");
        assertThatThrownBy(() -> parse("tag.host", "~")).extracting(e -> ((QueryException) e).parameter())
                .isEqualTo("tag.host");
        assertThatThrownBy(() -> parse("step", "0s")).extracting(e -> ((QueryException) e).parameter()).isEqualTo("step");
        assertThatThrownBy(() -> parse("step", "1.5s")).extracting(e -> ((QueryException) e).parameter()).isEqualTo("step");
        assertThatThrownBy(() -> parse("agg", "p99")).extracting(e -> ((QueryException) e).parameter()).isEqualTo("agg");
        assertThatThrownBy(() -> parse("from", "now", "to", "now")).extracting(e -> ((QueryException) e).parameter())
                .isEqualTo("from");
    }

    private MetricQuery parse(String... kv) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("name", List.of("node_load1"));
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], List.of(kv[i + 1]));
        }
        return parser.parse(p, NOW);
    }

    /** The defaults of QueryConfig, as a proxy (so properties other features add later need no change here). */
    static QueryConfig config() {
        QueryConfig.Metrics metrics = proxy(QueryConfig.Metrics.class, Map.of("maxSeries", 500, "maxNames", 1000,
                "maxTagValues", 500, "defaultPoints", 300, "rawMaxRange", Duration.ofHours(1),
                "rawRetention", Duration.ofDays(7), "rollup1mRetention", Duration.ofDays(90)));
        return proxy(QueryConfig.class, Map.of("maxRange", Duration.ofDays(31), "maxPoints", 11000, "metrics", metrics));
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (p, m, args) -> {
            if (!values.containsKey(m.getName())) {
                throw new UnsupportedOperationException(m.getName());
            }
            return values.get(m.getName());
        });
    }
}

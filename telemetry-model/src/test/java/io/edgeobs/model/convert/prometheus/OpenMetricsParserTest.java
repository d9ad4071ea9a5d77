package io.edgeobs.model.convert.prometheus;

import io.edgeobs.model.Id;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import org.junit.jupiter.api.Test;

import static io.edgeobs.model.convert.prometheus.PrometheusFormat.OPENMETRICS_1_0;
import static io.edgeobs.model.convert.prometheus.PrometheusFormat.TEXT_0_0_4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** What only OpenMetrics 1.0 has: its family types, `_total` and `_created`, seconds, exemplars, units, EOF. */
class OpenMetricsParserTest {

    private static final long NOW = 1_764_000_000_000_000_000L;
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void shouldMapEveryFamilyTypeAndKeepCreatedSamplesAsGauges() {
        // Given
        String text = """
                # TYPE jobs counter
                jobs_total 12
                jobs_created 1764000000
                # TYPE rpc_seconds summary
                rpc_seconds{quantile="0.9"} 0.25
                rpc_seconds_sum 3.5
                rpc_seconds_count 20
                rpc_seconds_created 1764000000
                # TYPE queue_seconds gaugehistogram
                queue_seconds_bucket{le="1"} 2
                queue_seconds_bucket{le="+Inf"} 3
                queue_seconds_gsum 2.5
                queue_seconds_gcount 3
                # TYPE power stateset
                power{power="on"} 1
                power{power="off"} 0
                # TYPE firmware info
                firmware_info{version="2.1"} 1
                # TYPE mystery unknown
                mystery 7
                # EOF
                """;

        // When
        ParseResult r = PrometheusParser.parse(text, OPENMETRICS_1_0, NOW);

        // Then: one point per sample line, none skipped
        assertThat(r.errors()).isEmpty();
        assertThat(r.points()).extracting(MetricPoint::name, MetricPoint::kind).containsExactly(
                tuple("jobs_total", MetricKind.COUNTER),
                tuple("jobs_created", MetricKind.GAUGE),
                tuple("rpc_seconds", MetricKind.SUMMARY_QUANTILE),
                tuple("rpc_seconds_sum", MetricKind.SUMMARY_SUM),
                tuple("rpc_seconds_count", MetricKind.SUMMARY_COUNT),
                tuple("rpc_seconds_created", MetricKind.GAUGE),
                tuple("queue_seconds_bucket", MetricKind.HISTOGRAM_BUCKET),
                tuple("queue_seconds_bucket", MetricKind.HISTOGRAM_BUCKET),
                tuple("queue_seconds_gsum", MetricKind.HISTOGRAM_SUM),
                tuple("queue_seconds_gcount", MetricKind.HISTOGRAM_COUNT),
                tuple("power", MetricKind.GAUGE),
                tuple("power", MetricKind.GAUGE),
                tuple("firmware_info", MetricKind.GAUGE),
                tuple("mystery", MetricKind.GAUGE));
        assertThat(r.points().get(1).value()).isEqualTo(1.764e9);
        assertThat(r.families()).containsOnlyKeys("jobs", "rpc_seconds", "queue_seconds", "power", "firmware",
                "mystery");
        assertThat(r.families().get("queue_seconds").type()).isEqualTo(MetricFamily.Type.GAUGEHISTOGRAM);
        assertThat(r.families().get("power").type()).isEqualTo(MetricFamily.Type.STATESET);
    }

    @Test
    void shouldGiveTheUnitToEveryPartOfTheFamily() {
        // Given
        String text = """
                # TYPE disk_read bytes_counter_is_not_a_type
                # TYPE disk_read counter
                # UNIT disk_read bytes
                disk_read_total 4096
                # TYPE req_seconds histogram
                # UNIT req_seconds seconds
                req_seconds_bucket{le="+Inf"} 1
                req_seconds_sum 0.5
                req_seconds_count 1
                # TYPE temp_celsius gauge
                temp_celsius 21.5
                # EOF
                """;

        // When
        ParseResult r = PrometheusParser.parse(text, OPENMETRICS_1_0, NOW);

        // Then
        assertThat(r.errors()).extracting(ParseError::lineNumber, ParseError::message)
                .containsExactly(tuple(1, "unknown metric type 'bytes_counter_is_not_a_type' in # TYPE"));
        assertThat(r.points()).extracting(MetricPoint::name, MetricPoint::unit).containsExactly(
                tuple("disk_read_total", "bytes"),
                tuple("req_seconds_bucket", "seconds"),
                tuple("req_seconds_sum", "seconds"),
                tuple("req_seconds_count", "seconds"),
                tuple("temp_celsius", ""));
        assertThat(r.families().get("req_seconds").unit()).isEqualTo("seconds");
    }

    @Test
    void shouldReadTimestampsAsSecondsExactlyToTheNanosecond() {
        // When
        ParseResult r = PrometheusParser.parse("""
                a 1 1764000000
                b 1 1764000000.123456789
                c 1 1764000000.1234567891234
                d 1 .5
                e 1 -1.25
                f 1 1.7640000005e9
                g 1
                # EOF
                """, OPENMETRICS_1_0, NOW);

        // Then
        assertThat(r.errors()).isEmpty();
        assertThat(r.points()).extracting(MetricPoint::timestampUnixNanos).containsExactly(
                1_764_000_000_000_000_000L,
                1_764_000_000_123_456_789L,
                1_764_000_000_123_456_789L,
                500_000_000L,
                -1_250_000_000L,
                1_764_000_000_500_000_000L,
                NOW);
    }

    @Test
    void shouldRefuseTimestampsThatAreNotSeconds() {
        // When
        ParseResult r = PrometheusParser.parse("""
                a 1 .
                b 1 1.2.3
                c 1 12:00
                d 1 99999999999999999999
                e 1 NaN
                ok 1 1764000000
                # EOF
                """, OPENMETRICS_1_0, NOW);

        // Then
        assertThat(r.points()).extracting(MetricPoint::name).containsExactly("ok");
        assertThat(r.errors()).extracting(ParseError::lineNumber).containsExactly(1, 2, 3, 4, 5);
        assertThat(r.errors().get(0).message()).isEqualTo("invalid timestamp '.' (seconds since the epoch expected)");
    }

    @Test
    void shouldTakeATraceIdFromAnExemplarAndAcceptOtherExemplars() {
        // Given
        String text = """
                # TYPE http_requests counter
                http_requests_total{code="200"} 10 # {trace_id="%s"} 1 1764000000.25
                http_requests_total{code="500"} 2 # {trace_id="%s",span_id="00f067aa0ba902b7"} 1
                http_requests_total{code="503"} 1 # {trace_id="abc"} 1
                http_requests_total{code="504"} 1 # {trace_id="zz%s"} 1
                http_requests_total{code="429"} 4 # {user="bob"} 0.5
                http_requests_total{code="418"} 5 # {} 0.5
                http_requests_total{code="401"} 6 1764000001 # {trace_id="%s"} 3
                # EOF
                """.formatted(TRACE, TRACE.toUpperCase(), TRACE.substring(2), TRACE);

        // When
        ParseResult r = PrometheusParser.parse(text, OPENMETRICS_1_0, NOW);

        // Then
        assertThat(r.errors()).isEmpty();
        Id trace = Id.fromHex(TRACE);
        assertThat(r.points()).extracting(MetricPoint::exemplarTraceId)
                .containsExactly(trace, trace, Id.EMPTY, Id.EMPTY, Id.EMPTY, Id.EMPTY, trace);
        assertThat(r.points()).extracting(MetricPoint::value).containsExactly(10.0, 2.0, 1.0, 1.0, 4.0, 5.0, 6.0);
        assertThat(r.points().get(6).timestampUnixNanos()).isEqualTo(1_764_000_001_000_000_000L);
    }

    @Test
    void shouldReportAMalformedExemplarAndKeepTheOtherLines() {
        // When
        ParseResult r = PrometheusParser.parse("""
                a_total 1 # trace_id="x" 1
                b_total 2 # {trace_id="%s"}
                c_total 3 # {trace_id="%s"} one
                d_total 4
                # EOF
                """.formatted(TRACE, TRACE), OPENMETRICS_1_0, NOW);

        // Then
        assertThat(r.points()).extracting(MetricPoint::name).containsExactly("d_total");
        assertThat(r.errors()).extracting(ParseError::lineNumber, ParseError::message).containsExactly(
                tuple(1, "expected '{' to open the exemplar's labels"),
                tuple(2, "the exemplar has no value"),
                tuple(3, "invalid exemplar: 'one' is not a number"));
    }

    @Test
    void shouldReportEveryLineAfterEofAndKeepWhatCameBefore() {
        // When
        ParseResult r = PrometheusParser.parse("a 1\n# EOF\nb 2\n# TYPE c gauge\n\nc 3\n", OPENMETRICS_1_0, NOW);

        // Then
        assertThat(r.points()).extracting(MetricPoint::name).containsExactly("a");
        assertThat(r.errors()).extracting(ParseError::lineNumber).containsExactly(3, 4, 6);
        assertThat(r.errors()).allSatisfy(e -> assertThat(e.message()).isEqualTo("content after '# EOF' (line 2)"));
        assertThat(r.families()).doesNotContainKey("c");
    }

    @Test
    void shouldReportAMissingEofOnlyInOpenMetrics() {
        // When
        ParseResult openMetrics = PrometheusParser.parse("# TYPE a gauge\na 1\n", OPENMETRICS_1_0, NOW);
        ParseResult text = PrometheusParser.parse("# TYPE a gauge\na 1\n", TEXT_0_0_4, NOW);
        ParseResult empty = PrometheusParser.parse("", OPENMETRICS_1_0, NOW);

        // Then
        assertThat(openMetrics.points()).hasSize(1);
        assertThat(openMetrics.errors()).extracting(ParseError::lineNumber).containsExactly(3);
        assertThat(text.errors()).isEmpty();
        assertThat(empty.errors()).extracting(ParseError::lineNumber).containsExactly(1);
    }

    @Test
    void shouldUnescapeQuotesInHelpOnlyInOpenMetrics() {
        // Given
        String text = "# HELP q Say \\\"hi\\\" \\\\ and\\nmore\n# EOF\n";

        // When
        ParseResult openMetrics = PrometheusParser.parse(text, OPENMETRICS_1_0, NOW);
        ParseResult classic = PrometheusParser.parse(text, TEXT_0_0_4, NOW);

        // Then
        assertThat(openMetrics.families().get("q").help()).isEqualTo("Say \"hi\" \\ and\nmore");
        assertThat(classic.families().get("q").help()).isEqualTo("Say \\\"hi\\\" \\ and\nmore");
    }
}

package io.edgeobs.model.convert.prometheus;

import io.edgeobs.model.Id;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;
import org.junit.jupiter.api.Test;

import static io.edgeobs.model.convert.prometheus.PrometheusFormat.OPENMETRICS_1_0;
import static io.edgeobs.model.convert.prometheus.PrometheusFormat.TEXT_0_0_4;
import static org.assertj.core.api.Assertions.assertThat;

class PrometheusParserTest {

    private static final long NOW = 1_764_000_000_000_000_000L;

    @Test
    void shouldUnescapeLabelValuesAndHelp() {
        // Given
        String text = """
                # HELP msg A \\\\ backslash and a\\nnew line
                # TYPE msg gauge
                msg{path="C:\\\\dir",quote="say \\"hi\\"",nl="a\\nb",hash="#1 {x}"} 1
                """;

        // When
        ParseResult r = PrometheusParser.parse(text, TEXT_0_0_4, NOW);

        // Then
        assertThat(r.errors()).isEmpty();
        assertThat(r.points()).singleElement().satisfies(p -> assertThat(p.tags())
                .containsEntry("path", "C:\\dir").containsEntry("quote", "say \"hi\"")
                .containsEntry("nl", "a\nb").containsEntry("hash", "#1 {x}"));
        assertThat(r.families().get("msg").help()).isEqualTo("A \\ backslash and a\nnew line");
    }

    @Test
    void shouldReadNaNAndInfinities() {
        // When
        ParseResult r = PrometheusParser.parse("""
                a NaN
                b +Inf
                c -Inf
                d Inf
                e -1.5e-3
                f 12345678901234567890
                """, TEXT_0_0_4, NOW);

        // Then
        assertThat(r.errors()).isEmpty();
        assertThat(r.points()).extracting(MetricPoint::value).containsExactly(Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -0.0015, 1.2345678901234567e19);
    }

    @Test
    void shouldTakeMillisecondTimestampsIn004() {
        ParseResult r = PrometheusParser.parse("up 1 1764000000123\nother 2\n", TEXT_0_0_4, NOW);
        assertThat(r.points()).extracting(MetricPoint::timestampUnixNanos)
                .containsExactly(1_764_000_000_123_000_000L, NOW);
    }

    @Test
    void shouldMapHistogramAndSummaryParts() {
        // When
        ParseResult r = PrometheusParser.parse("""
                # TYPE rpc_seconds histogram
                rpc_seconds_bucket{le="0.1"} 3
                rpc_seconds_bucket{le="+Inf"} 5
                rpc_seconds_sum 0.42
                rpc_seconds_count 5
                # TYPE lat summary
                lat{quantile="0.99"} 0.2
                lat_sum 1
                lat_count 7
                # TYPE http_requests_total counter
                http_requests_total{code="200"} 10
                untyped_thing 3
                """, TEXT_0_0_4, NOW);

        // Then
        assertThat(r.errors()).isEmpty();
        assertThat(r.points()).extracting(MetricPoint::name, MetricPoint::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("rpc_seconds_bucket", MetricKind.HISTOGRAM_BUCKET),
                org.assertj.core.groups.Tuple.tuple("rpc_seconds_bucket", MetricKind.HISTOGRAM_BUCKET),
                org.assertj.core.groups.Tuple.tuple("rpc_seconds_sum", MetricKind.HISTOGRAM_SUM),
                org.assertj.core.groups.Tuple.tuple("rpc_seconds_count", MetricKind.HISTOGRAM_COUNT),
                org.assertj.core.groups.Tuple.tuple("lat", MetricKind.SUMMARY_QUANTILE),
                org.assertj.core.groups.Tuple.tuple("lat_sum", MetricKind.SUMMARY_SUM),
                org.assertj.core.groups.Tuple.tuple("lat_count", MetricKind.SUMMARY_COUNT),
                org.assertj.core.groups.Tuple.tuple("http_requests_total", MetricKind.COUNTER),
                org.assertj.core.groups.Tuple.tuple("untyped_thing", MetricKind.GAUGE));
        assertThat(r.points().get(1).tags()).isEqualTo(Tags.of("le", "+Inf"));
    }

    @Test
    void shouldReportMalformedLinesWithTheirNumberAndKeepTheRest() {
        // When
        ParseResult r = PrometheusParser.parse("""
                good_one 1
                bad{le="1" 2
                9starts_with_digit 1
                no_value
                bad_value abc
                dup{a="1",a="2"} 1
                bad_escape{a="\\t"} 1
                trailing 1 2 3
                good_two{x="y"} 2
                """, TEXT_0_0_4, NOW);

        // Then
        assertThat(r.points()).extracting(MetricPoint::name).containsExactly("good_one", "good_two");
        assertThat(r.errors()).extracting(ParseError::lineNumber).containsExactly(2, 3, 4, 5, 6, 7, 8);
        assertThat(r.errors()).extracting(ParseError::message).containsExactly(
                "expected ',' or '}' after the value of label 'le'",
                "expected a metric name, found '9'",
                "no value after the metric name and labels",
                "invalid value: 'abc' is not a number",
                "label 'a' is given twice",
                "invalid escape '\\t' in the value of label 'a' (only \\\\, \\\" and \\n are allowed)",
                "unexpected text after the value: '3'");
        assertThat(r.errors().get(0).line()).isEqualTo("bad{le=\"1\" 2");
    }

    @Test
    void shouldReadOpenMetricsWithUnitsExemplarsAndSecondTimestamps() {
        // Given
        String text = """
                # TYPE http_requests counter
                # UNIT http_requests requests
                # HELP http_requests Requests \\"served\\".
                http_requests_total{code="200"} 1027 1764000000.5 # {trace_id="4bf92f3577b34da6a3ce929d0e0e4736"} 1 1764000000.25
                http_requests_created{code="200"} 1.7e9
                # TYPE req_seconds histogram
                # UNIT req_seconds seconds
                req_seconds_bucket{le="0.5"} 3 # {span_id="00f067aa0ba902b7"} 0.2
                req_seconds_bucket{le="+Inf"} 4
                req_seconds_count 4
                req_seconds_sum 1.5
                # TYPE build info
                build_info{version="1.2"} 1
                # EOF
                """;

        // When
        ParseResult r = PrometheusParser.parse(text, OPENMETRICS_1_0, NOW);

        // Then
        assertThat(r.errors()).isEmpty();
        MetricPoint counter = r.points().get(0);
        assertThat(counter.name()).isEqualTo("http_requests_total");
        assertThat(counter.kind()).isEqualTo(MetricKind.COUNTER);
        assertThat(counter.unit()).isEqualTo("requests");
        assertThat(counter.timestampUnixNanos()).isEqualTo(1_764_000_000_500_000_000L);
        assertThat(counter.exemplarTraceId()).isEqualTo(Id.fromHex("4bf92f3577b34da6a3ce929d0e0e4736"));
        assertThat(r.points().get(1).kind()).isEqualTo(MetricKind.GAUGE);
        assertThat(r.points().get(2)).satisfies(p -> {
            assertThat(p.kind()).isEqualTo(MetricKind.HISTOGRAM_BUCKET);
            assertThat(p.unit()).isEqualTo("seconds");
            assertThat(p.exemplarTraceId()).isEqualTo(Id.EMPTY);
        });
        assertThat(r.points()).hasSize(7);
        assertThat(r.families().get("http_requests").help()).isEqualTo("Requests \"served\".");
        assertThat(r.families().get("build").type()).isEqualTo(MetricFamily.Type.INFO);
    }

    @Test
    void shouldInsistOnEofInOpenMetricsButKeepThePoints() {
        ParseResult missing = PrometheusParser.parse("a 1\nb 2\n", OPENMETRICS_1_0, NOW);
        assertThat(missing.points()).hasSize(2);
        assertThat(missing.errors()).singleElement().satisfies(e -> {
            assertThat(e.lineNumber()).isEqualTo(3);
            assertThat(e.message()).startsWith("OpenMetrics text must end with '# EOF'");
        });

        ParseResult after = PrometheusParser.parse("a 1\n# EOF\nb 2\n", OPENMETRICS_1_0, NOW);
        assertThat(after.points()).extracting(MetricPoint::name).containsExactly("a");
        assertThat(after.errors()).singleElement().satisfies(e -> {
            assertThat(e.lineNumber()).isEqualTo(3);
            assertThat(e.message()).isEqualTo("content after '# EOF' (line 2)");
        });
    }

    @Test
    void shouldRefuseExemplarsAndUnknownTypesIn004() {
        ParseResult r = PrometheusParser.parse("# TYPE x blob\na 1 # {trace_id=\"ab\"} 1\n", TEXT_0_0_4, NOW);
        assertThat(r.points()).isEmpty();
        assertThat(r.errors()).extracting(ParseError::message).containsExactly(
                "unknown metric type 'blob' in # TYPE", "unexpected text after the value: '# {trace_id=\"ab\"} 1'");
    }

    @Test
    void shouldToleratePrometheusLeniencies() {
        // CRLF line ends, tabs, spaces around labels, a trailing comma, blank lines and free comments
        ParseResult r = PrometheusParser.parse("# just a comment\r\n\r\nm { a = \"1\" , b=\"2\", }\t3\r\n", TEXT_0_0_4, NOW);
        assertThat(r.errors()).isEmpty();
        assertThat(r.points()).singleElement().satisfies(p -> {
            assertThat(p.tags()).isEqualTo(Tags.of("a", "1", "b", "2"));
            assertThat(p.value()).isEqualTo(3.0);
        });
    }

    @Test
    void shouldPickTheFormatFromTheContentType() {
        assertThat(PrometheusFormat.fromContentType("application/openmetrics-text; version=1.0.0; charset=utf-8"))
                .isEqualTo(OPENMETRICS_1_0);
        assertThat(PrometheusFormat.fromContentType("text/plain; version=0.0.4; charset=utf-8")).isEqualTo(TEXT_0_0_4);
        assertThat(PrometheusFormat.fromContentType(null)).isEqualTo(TEXT_0_0_4);
    }

    @Test
    void shouldReadSpecialValuesAsGoDoesInAnyCase() {
        // When
        ParseResult r = PrometheusParser.parse("""
                a Infinity
                b -infinity
                c nan
                d +inf
                e +NaN
                f Infinit
                g 0x1p3
                h 1e
                """, TEXT_0_0_4, NOW);

        // Then
        assertThat(r.points()).extracting(MetricPoint::value).containsExactly(Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NaN, Double.POSITIVE_INFINITY);
        assertThat(r.errors()).extracting(ParseError::message).containsExactly(
                "invalid value: '+NaN' is not a number",
                "invalid value: 'Infinit' is not a number",
                "invalid value: '0x1p3' is not a number",
                "invalid value: '1e' is not a number");
    }

    @Test
    void shouldNameTheRepeatedLabelWhateverItIsCalled() {
        // When
        ParseResult r = PrometheusParser.parse("x{tag=\"1\",b=\"2\",tag=\"3\"} 1\n", TEXT_0_0_4, NOW);

        // Then
        assertThat(r.points()).isEmpty();
        assertThat(r.errors()).extracting(ParseError::message).containsExactly("label 'tag' is given twice");
    }

    @Test
    void shouldMapThePartsOfAFamilyEvenWhenAPartHasAHelpLineOfItsOwn() {
        // When
        ParseResult r = PrometheusParser.parse("""
                # HELP h_bucket buckets of h
                # TYPE h histogram
                h_bucket{le="+Inf"} 1
                # HELP lonely_bucket nothing to belong to
                lonely_bucket 2
                """, TEXT_0_0_4, NOW);

        // Then
        assertThat(r.errors()).isEmpty();
        assertThat(r.points()).extracting(MetricPoint::kind)
                .containsExactly(MetricKind.HISTOGRAM_BUCKET, MetricKind.GAUGE);
    }

    @Test
    void shouldReadCountersDeclaredWithOrWithoutTheirTotalSuffix() {
        // When: 0.0.4 declares the sample name, OpenMetrics the family name
        ParseResult text = PrometheusParser.parse("# TYPE sent_total counter\nsent_total 5\n", TEXT_0_0_4, NOW);
        ParseResult openMetrics = PrometheusParser.parse("# TYPE sent counter\nsent_total 5\n# EOF\n",
                OPENMETRICS_1_0, NOW);

        // Then
        assertThat(text.points()).extracting(MetricPoint::name, MetricPoint::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sent_total", MetricKind.COUNTER));
        assertThat(openMetrics.points()).isEqualTo(text.points());
    }

    @Test
    void shouldRefuseMillisecondTimestampsThatAreNotIntegers() {
        // When
        ParseResult r = PrometheusParser.parse("a 1 1764000000.5\nb 1 -1000\nc 1 1e12\n", TEXT_0_0_4, NOW);

        // Then
        assertThat(r.points()).extracting(MetricPoint::name, MetricPoint::timestampUnixNanos)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", -1_000_000_000L));
        assertThat(r.errors()).extracting(ParseError::lineNumber).containsExactly(1, 3);
        assertThat(r.errors().get(0).message())
                .isEqualTo("invalid timestamp '1764000000.5' (milliseconds since the epoch expected)");
    }

    @Test
    void shouldReportUnclosedAndBrokenLabelValues() {
        // When
        ParseResult r = PrometheusParser.parse("""
                a{b="x\\"} 1
                c{d="open} 1
                e{f=g} 1
                h{="v"} 1
                i{j="1"k="2"} 1
                ok{path="C:\\\\"} 1
                # TYPE
                """, TEXT_0_0_4, NOW);

        // Then
        assertThat(r.points()).singleElement().satisfies(p -> assertThat(p.tags()).containsEntry("path", "C:\\"));
        assertThat(r.errors()).extracting(ParseError::lineNumber, ParseError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "the value of label 'b' is not closed with '\"'"),
                org.assertj.core.groups.Tuple.tuple(2, "the value of label 'd' is not closed with '\"'"),
                org.assertj.core.groups.Tuple.tuple(3, "expected '\"' to open the value of label 'f'"),
                org.assertj.core.groups.Tuple.tuple(4, "expected a label name, found '='"),
                org.assertj.core.groups.Tuple.tuple(5, "expected ',' or '}' after the value of label 'j'"),
                org.assertj.core.groups.Tuple.tuple(7, "# TYPE needs a metric name"));
    }

    @Test
    void shouldCutALongBadLineWithoutSplittingACharacter() {
        // Given: a bad line of 300 chars whose 200th char starts a surrogate pair
        String line = "m{a=\"" + "x".repeat(194) + "\uD83D\uDE00" + "y".repeat(97) + "\"}";

        // When
        ParseResult r = PrometheusParser.parse(line + "\n", TEXT_0_0_4, NOW);

        // Then
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(line.substring(0, 199));
            assertThat(e.message()).isEqualTo("no value after the metric name and labels");
        });
    }

    @Test
    void shouldPickTheFormatWhateverTheSpellingOfTheContentType() {
        assertThat(PrometheusFormat.fromContentType(" Application/OpenMetrics-Text;version=1.0.0"))
                .isEqualTo(OPENMETRICS_1_0);
        assertThat(PrometheusFormat.fromContentType("text/plain")).isEqualTo(TEXT_0_0_4);
        assertThat(PrometheusFormat.fromContentType("")).isEqualTo(TEXT_0_0_4);
    }
}

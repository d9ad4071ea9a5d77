package io.edgeobs.model.convert.prometheus;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a scrape target sends, the parser answers with points and errors; it never throws. */
class PrometheusParserRobustnessTest {

    @Provide
    Arbitrary<String> scrapeLikeText() {
        Arbitrary<String> fragments = Arbitraries.of("metric", "_total", "{", "}", "=", "\"", "\\", ",", " ", "\t",
                "\n", "# TYPE ", "# HELP ", "# UNIT ", "# EOF", "counter", "histogram", "le", "1", "-2.5e3", "NaN",
                "+Inf", "#", " # {trace_id=\"", "0123456789abcdef", "é", "\r");
        return fragments.list().ofMaxSize(80).map(l -> String.join("", l));
    }

    @Property(tries = 2000)
    void shouldNeverThrowWhateverTheInput(@ForAll("scrapeLikeText") String text, @ForAll boolean openMetrics) {
        // When
        ParseResult r = PrometheusParser.parse(text, openMetrics ? PrometheusFormat.OPENMETRICS_1_0
                : PrometheusFormat.TEXT_0_0_4, 1L);

        // Then: every line is a point, an error, or neither (comments, blank lines); never more than the lines
        long lines = text.lines().count();
        assertThat((long) r.points().size()).isLessThanOrEqualTo(lines);
        assertThat(r.errors()).allSatisfy(e -> assertThat(e.lineNumber()).isBetween(1, (int) lines + 1));
    }

    @Test
    void shouldRefuseTooManyLabelsOnOneLineOnly() {
        // Given: a sample with 257 labels, and an exemplar with 17, between two good lines
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 257; i++) {
            labels.append(i == 0 ? "" : ",").append("l").append(i).append("=\"v\"");
        }
        StringBuilder exemplar = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            exemplar.append(i == 0 ? "" : ",").append("e").append(i).append("=\"v\"");
        }
        String text = "a 1\nwide{" + labels + "} 1\nb_total 1 # {" + exemplar + "} 1\nc 3\n# EOF\n";

        // When
        ParseResult r = PrometheusParser.parse(text, PrometheusFormat.OPENMETRICS_1_0, 1L);

        // Then
        assertThat(r.points()).extracting(p -> p.name()).containsExactly("a", "c");
        assertThat(r.errors()).extracting(ParseError::message).containsExactly("more than 256 labels", "more than 16 labels");
    }
}

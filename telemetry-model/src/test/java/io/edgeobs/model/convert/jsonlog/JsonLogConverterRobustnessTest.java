package io.edgeobs.model.convert.jsonlog;

import io.edgeobs.model.LogRecord;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a log file holds, every line becomes a record; the converter never throws. */
class JsonLogConverterRobustnessTest {

    private static final long RECEIVED = 1_764_000_000_000_000_000L;

    /** JSON objects whose mapped keys hold hostile values, sometimes cut short or followed by more text. */
    @Provide
    Arbitrary<String> logLines() {
        Arbitrary<String> keys = Arbitraries.of("ts", "time", "timestamp", "@timestamp", "level", "severity", "lvl",
                "msg", "message", "trace_id", "traceId", "span_id", "spanId", "other");
        Arbitrary<String> values = Arbitraries.of("1764072000", "1764072000.5", "1e400", "-1e400", "1e-999999999",
                "1e999999999", "123456789012345678901234567890", "-0", "0.0", "30", "99", "-1", "3.5", "true", "null",
                "\"1e999999999\"", "\"-1e-999999999\"", "\"2025-11-25T12:00:00Z\"", "\"2025-11-25 12:00:00+01:00\"",
                "\"9999-99-99T99:99:99Z\"", "\"warn\"", "\"30\"", "\"\"", "\"4bf92f3577b34da6a3ce929d0e0e4736\"",
                "\"00000000000000000000000000000000\"", "\"zz\"", "{\"a\":[1,{\"b\":null}]}", "[]",
                "\"\\u0000\\ud800\"");
        Arbitrary<String> objects = Combinators.combine(keys, values).as((k, v) -> "\"" + k + "\":" + v)
                .list().ofMaxSize(6).map(pairs -> "{" + String.join(",", pairs) + "}");
        return Combinators.combine(objects, Arbitraries.integers().between(0, 99),
                Arbitraries.of("", "", "", " trailing", "}", "{", "]", ",\"x\":1}", "\n{}"))
                .as((object, cut, suffix) -> cutShort(object, cut) + suffix);
    }

    /** The whole object 80 times in 100, else its first 0%, 5%, ..., 95%. */
    private static String cutShort(String object, int percentile) {
        return percentile < 80 ? object : object.substring(0, object.length() * (percentile - 80) / 20);
    }

    @Property(tries = 3000)
    void shouldNeverThrowWhateverTheLine(@ForAll("logLines") String line) {
        // When
        LogRecord r = JsonLogConverter.convert(line, RECEIVED);

        // Then: a structured record of a line that is one object, or the raw line
        assertThat(r).isNotNull();
        if (!r.message().equals(line) || !r.fields().isEmpty()) {
            assertThat(line.strip()).startsWith("{").endsWith("}");
        }
    }
}

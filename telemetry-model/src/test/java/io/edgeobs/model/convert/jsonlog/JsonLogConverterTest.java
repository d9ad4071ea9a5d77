package io.edgeobs.model.convert.jsonlog;

import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLogConverterTest {

    private static final long RECEIVED = 1_764_000_000_000_000_000L;
    private static final long T = 1_764_072_000_123_456_789L; // 2025-11-25T12:00:00.123456789Z

    @Test
    void shouldMapCommonKeysAndKeepTheRestAsFields() {
        // When
        LogRecord r = JsonLogConverter.convert("""
                {"time":"2025-11-25T12:00:00.123456789Z","level":"warn","msg":"valve slow","valve":3,\
                "pressure":1.5,"ok":false,"tags":["a","b"],"ctx":{"site":"north","depth":{"x":null}},\
                "trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7"}""", RECEIVED);

        // Then
        assertThat(r.timestampUnixNanos()).isEqualTo(T);
        assertThat(r.level()).isEqualTo(LogLevel.WARN);
        assertThat(r.message()).isEqualTo("valve slow");
        assertThat(r.traceId()).isEqualTo(Id.fromHex("4bf92f3577b34da6a3ce929d0e0e4736"));
        assertThat(r.spanId()).isEqualTo(Id.fromHex("00f067aa0ba902b7"));
        assertThat(r.fields()).containsOnlyKeys("valve", "pressure", "ok", "tags", "ctx")
                .containsEntry("valve", 3L).containsEntry("pressure", 1.5).containsEntry("ok", false)
                .containsEntry("tags", List.of("a", "b"));
        assertThat(r.fields().get("ctx")).isEqualTo(Map.of("site", "north", "depth", java.util.Collections.singletonMap("x", null)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"2025-11-25T12:00:00.123456789Z\"      | 1764072000123456789",
            "\"2025-11-25T14:00:00.123456789+02:00\" | 1764072000123456789",
            "\"2025-11-25 12:00:00Z\"                | 1764072000000000000",
            "\"2025-11-25t12:00:00.5z\"              | 1764072000500000000",
            "1764072000                              | 1764072000000000000",
            "1764072000.25                           | 1764072000250000000",
            "\"1764072000\"                          | 1764072000000000000",
            "1764072000123                           | 1764072000123000000",
            "1764072000123456                        | 1764072000123456000",
            "1764072000123456789                     | 1764072000123456789"})
    void shouldReadTimestampsInEveryCommonForm(String json, long expected) {
        LogRecord r = JsonLogConverter.convert("{\"ts\":" + json.strip() + ",\"msg\":\"x\"}", RECEIVED);
        assertThat(r.timestampUnixNanos()).isEqualTo(expected);
        assertThat(r.fields()).doesNotContainKey("ts");
    }

    @Test
    void shouldTryEveryTimeKeyAndKeepAnUnreadableOneAsAField() {
        // Given: "time" cannot be read, "@timestamp" can
        LogRecord r = JsonLogConverter.convert("{\"time\":\"yesterday\",\"@timestamp\":\"2025-11-25T12:00:00Z\"}", RECEIVED);
        assertThat(r.timestampUnixNanos()).isEqualTo(1_764_072_000_000_000_000L);
        assertThat(r.fields()).containsEntry("time", "yesterday").doesNotContainKey("@timestamp");

        // Given: nothing readable: the receive time stands in
        LogRecord none = JsonLogConverter.convert("{\"ts\":\"not a time\",\"msg\":\"m\"}", RECEIVED);
        assertThat(none.timestampUnixNanos()).isEqualTo(RECEIVED);
        assertThat(none.fields()).containsEntry("ts", "not a time");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"INFO\"     | INFO", "\"warning\" | WARN", "\"err\" | ERROR", "\"crit\" | FATAL", "\"dbg\" | DEBUG",
            "3            | ERROR", "6 | INFO", "30 | INFO", "50 | ERROR", "60 | FATAL", "10 | TRACE", "17 | ERROR"})
    void shouldReadLevelsAsNamesSyslogPinoAndOtlpNumbers(String json, LogLevel expected) {
        assertThat(JsonLogConverter.convert("{\"level\":" + json.strip() + "}", RECEIVED).level()).isEqualTo(expected);
    }

    @Test
    void shouldUseSeverityOrLvlAndKeepUnknownLevelsAsFields() {
        assertThat(JsonLogConverter.convert("{\"severity\":\"ERROR\"}", RECEIVED).level()).isEqualTo(LogLevel.ERROR);
        assertThat(JsonLogConverter.convert("{\"lvl\":\"debug\"}", RECEIVED).level()).isEqualTo(LogLevel.DEBUG);
        LogRecord odd = JsonLogConverter.convert("{\"level\":\"loud\",\"message\":\"m\"}", RECEIVED);
        assertThat(odd.level()).isEqualTo(LogLevel.UNSPECIFIED);
        assertThat(odd.fields()).containsEntry("level", "loud");
        assertThat(odd.message()).isEqualTo("m");
    }

    @Test
    void shouldKeepIdsThatAreNotValidAsFields() {
        LogRecord r = JsonLogConverter.convert("{\"trace_id\":\"abc\",\"spanId\":\"zz\"}", RECEIVED);
        assertThat(r.traceId()).isEqualTo(Id.EMPTY);
        assertThat(r.fields()).containsEntry("trace_id", "abc").containsEntry("spanId", "zz");
    }

    @Test
    void shouldTurnANonJsonLineIntoARawMessage() {
        assertThat(JsonLogConverter.convert("kernel: eth0 link down", RECEIVED)).satisfies(r -> {
            assertThat(r.message()).isEqualTo("kernel: eth0 link down");
            assertThat(r.level()).isEqualTo(LogLevel.UNSPECIFIED);
            assertThat(r.timestampUnixNanos()).isEqualTo(RECEIVED);
            assertThat(r.fields()).isEmpty();
        });
        assertThat(JsonLogConverter.convert("{\"broken\": ", RECEIVED).message()).isEqualTo("{\"broken\": ");
        assertThat(JsonLogConverter.convert("[1,2,3]", RECEIVED).message()).isEqualTo("[1,2,3]");
        assertThat(JsonLogConverter.convert("", RECEIVED).message()).isEmpty();
    }

    @Test
    void shouldKeepHugeIntegersExactlyAndNonStringMessagesAsJson() {
        LogRecord r = JsonLogConverter.convert("{\"id\":123456789012345678901234567890,\"msg\":{\"a\":1}}", RECEIVED);
        assertThat(r.fields()).containsEntry("id", "123456789012345678901234567890");
        assertThat(r.message()).isEqualTo("{\"a\":1}");
    }
}

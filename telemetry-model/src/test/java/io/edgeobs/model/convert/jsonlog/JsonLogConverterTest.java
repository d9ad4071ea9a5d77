package io.edgeobs.model.convert.jsonlog;

import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Collections;
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

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1764072000.123456789        | 1764072000123456789",
            "\"1764072000.123456789\"    | 1764072000123456789",
            "1764072000123.456           | 1764072000123456000",
            "\"1764072000123\"           | 1764072000123000000",
            "\"1764072000123456789\"     | 1764072000123456789",
            "9000000000                  | 9000000000000000000",
            "100000000000                | 100000000000000000",
            "100000000000000             | 100000000000000000",
            "100000000000000000          | 100000000000000000",
            "0                           | 0",
            "-1.5                        | -1500000000",
            "1.7640720001e9              | 1764072000100000000"})
    void shouldTellTheEpochUnitByMagnitude(String json, String expected) {
        // When
        LogRecord r = JsonLogConverter.convert("{\"ts\":" + json.strip() + "}", RECEIVED);

        // Then: below 10^11 seconds, below 10^14 milliseconds, below 10^17 microseconds, else nanoseconds (each
        // boundary is 10^17 ns, in 1973)
        assertThat(r.timestampUnixNanos()).isEqualTo(new java.math.BigInteger(expected).longValueExact());
        assertThat(r.fields()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1e400", "-1e400", "1e30", "99999999999", "99999999999999", "\"1e999999999\"",
            "\"99999999999999999999999\"", "\"12:00\"",
            "\"2025-11-25T12:00:00\"", "\"2025-11-25T12:00:00.1234567891Z\"", "\"2025-11-25T 12:00:00Z\"",
            "\"2025-11-2512:00:00Z\"", "\"2025-13-01T00:00:00Z\"", "\"2025-11-25T12:00:00+0200\"", "true", "null",
            "{\"s\":1}", "[1764072000]", "\"\""})
    void shouldKeepATimeThatCannotBeReadAsAFieldAndUseTheReceiveTime(String json) {
        // When
        LogRecord r = JsonLogConverter.convert("{\"time\":" + json + ",\"msg\":\"m\"}", RECEIVED);

        // Then
        assertThat(r.timestampUnixNanos()).isEqualTo(RECEIVED);
        assertThat(r.fields()).containsOnlyKeys("time");
        assertThat(r.message()).isEqualTo("m");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2025-11-25T07:00:00.5-05:00      | 1764072000500000000",
            "2025-11-25T17:30:00+05:30        | 1764072000000000000",
            "2025-11-25T12:00:00-00:00        | 1764072000000000000",
            "2025-11-25T12:00:00.000000001Z   | 1764072000000000001",
            "2025-11-25T12:00:00.1Z           | 1764072000100000000",
            "2025-11-26T00:00:00+12:00        | 1764072000000000000",
            "1969-12-31T23:59:59Z             | -1000000000"})
    void shouldReadRfc3339WithAnyOffset(String text, long expected) {
        // When
        LogRecord r = JsonLogConverter.convert("{\"@timestamp\":\"" + text.strip() + "\"}", RECEIVED);

        // Then
        assertThat(r.timestampUnixNanos()).isEqualTo(expected);
        assertThat(r.fields()).isEmpty();
    }

    @Test
    void shouldTakeTheFirstTimeKeyThatCanBeReadAndKeepTheOthers() {
        // When
        LogRecord r = JsonLogConverter.convert(
                "{\"ts\":1764072000,\"time\":\"2020-01-01T00:00:00Z\",\"timestamp\":5}", RECEIVED);

        // Then
        assertThat(r.timestampUnixNanos()).isEqualTo(1_764_072_000_000_000_000L);
        assertThat(r.fields()).containsOnlyKeys("time", "timestamp");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"30\"  | INFO", "\" 50 \" | ERROR", "\"17\" | ERROR", "\"3\" | ERROR", "\"7\" | DEBUG",
            "0        | FATAL", "4 | WARN", "8 | DEBUG", "9 | INFO", "13 | WARN", "21 | FATAL", "24 | FATAL",
            "40       | WARN", "20 | DEBUG", "\"NOTICE\" | INFO", "\"Emergency\" | FATAL"})
    void shouldReadLevelNumbersAlsoWhenWrittenAsStrings(String json, LogLevel expected) {
        // When
        LogRecord r = JsonLogConverter.convert("{\"lvl\":" + json.strip() + "}", RECEIVED);

        // Then: 0-7 syslog, 10..60 pino/bunyan, other 8-24 OTLP severity numbers
        assertThat(r.level()).isEqualTo(expected);
        assertThat(r.fields()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"25", "-1", "\"99\"", "3.0", "\"\"", "true", "100000000000"})
    void shouldKeepALevelThatCannotBeReadAsAField(String json) {
        // When
        LogRecord r = JsonLogConverter.convert("{\"level\":" + json + "}", RECEIVED);

        // Then
        assertThat(r.level()).isEqualTo(LogLevel.UNSPECIFIED);
        assertThat(r.fields()).containsOnlyKeys("level");
    }

    @Test
    void shouldPreferMsgToMessageAndKeepTheOtherAsAField() {
        // When
        LogRecord both = JsonLogConverter.convert("{\"message\":\"long\",\"msg\":\"short\"}", RECEIVED);
        LogRecord nullMsg = JsonLogConverter.convert("{\"msg\":null,\"message\":\"m\"}", RECEIVED);

        // Then
        assertThat(both.message()).isEqualTo("short");
        assertThat(both.fields()).containsOnly(Map.entry("message", "long"));
        assertThat(nullMsg.message()).isEqualTo("m");
        assertThat(nullMsg.fields()).containsOnlyKeys("msg").containsEntry("msg", null);
    }

    @Test
    void shouldReadIdsInEitherSpellingAndCaseButNotAllZero() {
        // When
        LogRecord camel = JsonLogConverter.convert(
                "{\"traceId\":\"4BF92F3577B34DA6A3CE929D0E0E4736\",\"spanId\":\"00F067AA0BA902B7\"}", RECEIVED);
        LogRecord zero = JsonLogConverter.convert(
                "{\"trace_id\":\"00000000000000000000000000000000\",\"span_id\":123}", RECEIVED);

        // Then
        assertThat(camel.traceId()).isEqualTo(Id.fromHex("4bf92f3577b34da6a3ce929d0e0e4736"));
        assertThat(camel.spanId()).isEqualTo(Id.fromHex("00f067aa0ba902b7"));
        assertThat(camel.fields()).isEmpty();
        assertThat(zero.traceId()).isEqualTo(Id.EMPTY);
        assertThat(zero.spanId()).isEqualTo(Id.EMPTY);
        assertThat(zero.fields()).containsOnlyKeys("trace_id", "span_id").containsEntry("span_id", 123L);
    }

    @Test
    void shouldPreserveNestedObjectsArraysAndNulls() {
        // When
        LogRecord r = JsonLogConverter.convert("""
                {"msg":"m","http":{"req":{"headers":{"x":["a",null,1]},"size":0.5}},\
                "items":[{"id":1},{"id":2,"tags":[]}],"empty":{},"none":null}""", RECEIVED);

        // Then
        Map<String, Object> headers = Collections.singletonMap("x", java.util.Arrays.asList("a", null, 1L));
        assertThat(r.fields()).containsOnlyKeys("http", "items", "empty", "none")
                .containsEntry("http", Map.of("req", Map.of("headers", headers, "size", 0.5)))
                .containsEntry("items", List.of(Map.of("id", 1L), Map.of("id", 2L, "tags", List.of())))
                .containsEntry("empty", Map.of())
                .containsEntry("none", null);
    }

    @Test
    void shouldKeepNumbersBeyondLongAndDoubleExactlyAsText() {
        // When
        LogRecord r = JsonLogConverter.convert(
                "{\"big\":-123456789012345678901234567890,\"max\":9223372036854775807,\"huge\":1e400,"
                        + "\"pi\":3.14159}", RECEIVED);

        // Then
        assertThat(r.fields()).containsEntry("big", "-123456789012345678901234567890")
                .containsEntry("max", Long.MAX_VALUE)
                .containsEntry("huge", "1E+400")
                .containsEntry("pi", 3.14159);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`{\"a\":1} and more`", "`{\"a\":1}{\"b\":2}`", "`[{\"msg\":\"x\"}]`", "`\"just a string\"`", "`42`",
            "`null`", "`   `", "`{\"a\":}`", "`{'a':1}`", "`{\"a\":1,}`", "`{\"ts\":1e2147483648}`"})
    void shouldTurnAnythingButOneJsonObjectIntoARawRecord(String line) {
        // When
        LogRecord r = JsonLogConverter.convert(line, RECEIVED);

        // Then
        assertThat(r.message()).isEqualTo(line);
        assertThat(r.level()).isEqualTo(LogLevel.UNSPECIFIED);
        assertThat(r.timestampUnixNanos()).isEqualTo(RECEIVED);
        assertThat(r.fields()).isEmpty();
    }

    @Test
    void shouldReadANullLineAsAnEmptyRawRecord() {
        assertThat(JsonLogConverter.convert(null, RECEIVED))
                .isEqualTo(LogRecord.of(RECEIVED, LogLevel.UNSPECIFIED, ""));
    }

    @Test
    void shouldReadALineWithAByteOrderMarkOrSurroundingBlanks() {
        // When
        LogRecord bom = JsonLogConverter.convert("\uFEFF{\"msg\":\"first line of the file\"}", RECEIVED);
        LogRecord blanks = JsonLogConverter.convert("  \t{\"msg\":\"indented\"}\r", RECEIVED);

        // Then
        assertThat(bom.message()).isEqualTo("first line of the file");
        assertThat(blanks.message()).isEqualTo("indented");
    }

    @Test
    void shouldKeepTheLastValueOfAKeyGivenTwice() {
        // When
        LogRecord r = JsonLogConverter.convert("{\"msg\":\"a\",\"user\":\"x\",\"user\":\"y\",\"msg\":\"b\"}", RECEIVED);

        // Then
        assertThat(r.message()).isEqualTo("b");
        assertThat(r.fields()).containsOnly(Map.entry("user", "y"));
    }
}

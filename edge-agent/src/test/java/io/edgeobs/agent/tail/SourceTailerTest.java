package io.edgeobs.agent.tail;

import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The tailer over real files: conversion, new files, caps, partial lines, where it starts, fairness. */
class SourceTailerTest {

    @TempDir
    Path dir;

    private TailerFixture fx;
    private Path log;

    @BeforeEach
    void setUp() {
        fx = new TailerFixture(dir);
        log = dir.resolve("app.log");
    }

    private TailSource source() {
        return TailSource.of("app", dir.resolve("*.log").toString());
    }

    @Test
    void shouldTurnEachLineIntoALogRecordThroughTheJsonLogConverterWithTheSourceFields() {
        // Given a JSON line with time, level, message, trace ids and fields, and a line that is not JSON
        LogFiles.append(log, "{\"ts\":\"2026-12-03T10:00:00.5Z\",\"level\":\"warn\",\"msg\":\"valve slow\",\"valve\":3,"
                + "\"site\":\"from-line\",\"trace_id\":\"0af7651916cd43dd8448eb211c80319c\",\"ctx\":{\"a\":[1,2]}}\n"
                + "plain text line\n");
        SourceTailer tailer = fx.tailer(source().withFields(Map.of("site", "pump-house", "service", "pump-ctl")));

        // When
        fx.round(tailer);

        // Then
        assertThat(fx.sink.records).hasSize(2);
        LogRecord json = fx.sink.records.get(0);
        assertThat(json.timestampUnixNanos()).isEqualTo(Instant.parse("2026-12-03T10:00:00.5Z").getEpochSecond()
                * 1_000_000_000L + 500_000_000L);
        assertThat(json.level()).isEqualTo(LogLevel.WARN);
        assertThat(json.message()).isEqualTo("valve slow");
        assertThat(json.traceId()).isEqualTo(Id.fromHex("0af7651916cd43dd8448eb211c80319c"));
        assertThat(json.fields()).containsEntry("valve", 3L).containsEntry("site", "pump-house")
                .containsEntry("service", "pump-ctl").containsEntry("file", log.toString())
                .containsEntry("ctx", Map.of("a", List.of(1L, 2L))).doesNotContainKeys("ts", "level", "msg");
        LogRecord plain = fx.sink.records.get(1);
        assertThat(plain.message()).isEqualTo("plain text line");
        assertThat(plain.level()).isEqualTo(LogLevel.UNSPECIFIED);
        assertThat(plain.timestampUnixNanos()).isEqualTo(fx.clock.instant().getEpochSecond() * 1_000_000_000L);
        assertThat(fx.counter("edgeobs.agent.tail.lines", "source", "app")).isEqualTo(2);
        assertThat(fx.gauge("edgeobs.agent.tail.files", "source", "app")).isEqualTo(1);
    }

    @Test
    void shouldPickUpNewFilesMatchingTheGlobButNotExcludedOnes() throws IOException {
        // Given a source over *.log and sub/**/*.log that excludes *.skip.log, with one file
        TailSource s = new TailSource("app", List.of(dir.resolve("*.log").toString(), dir.resolve("sub/**/*.log").toString()),
                List.of(dir.resolve("*.skip.log").toString()), TailSource.StartAt.BEGINNING,
                java.util.Optional.of("file"), Map.of());
        LogFiles.appendLines(log, "a", 0, 3);
        SourceTailer tailer = fx.tailer(s);
        fx.round(tailer);

        // When new files appear, one of them excluded and one two directories down
        LogFiles.appendLines(dir.resolve("b.log"), "b", 0, 2);
        LogFiles.appendLines(dir.resolve("c.skip.log"), "c", 0, 2);
        Files.createDirectories(dir.resolve("sub/deeper"));
        LogFiles.appendLines(dir.resolve("sub/deeper/d.log"), "d", 0, 2);
        LogFiles.appendLines(dir.resolve("notes.txt"), "txt", 0, 2);
        fx.round(tailer);

        // Then
        assertThat(fx.sink.messages()).containsExactlyInAnyOrder("a 0", "a 1", "a 2", "b 0", "b 1", "d 0", "d 1");
        assertThat(fx.sink.records).filteredOn(r -> r.message().startsWith("d "))
                .allSatisfy(r -> assertThat(r.fields()).containsEntry("file", dir.resolve("sub/deeper/d.log").toString()));
        assertThat(fx.gauge("edgeobs.agent.tail.files", "source", "app")).isEqualTo(3);
    }

    @Test
    void shouldCutALineOverTheCapMarkItAndCountIt() {
        // Given a cap of 100 bytes and a line of 5,000 bytes between two normal ones
        fx.settings = fx.settings.withLimits(100, 1024, 500, 100);
        LogFiles.appendLines(log, "before", 0, 1);
        LogFiles.append(log, "{\"msg\":\"" + "z".repeat(5_000) + "\"}\n");
        LogFiles.appendLines(log, "after", 0, 1);
        SourceTailer tailer = fx.tailer(source());

        // When
        fx.round(tailer);

        // Then
        assertThat(fx.sink.messages()).hasSize(3);
        assertThat(fx.sink.messages().get(0)).isEqualTo("before 0");
        LogRecord cut = fx.sink.records.get(1);
        assertThat(cut.message()).isEqualTo("{\"msg\":\"" + "z".repeat(92));
        assertThat(cut.fields()).containsEntry(Records.TRUNCATED, true);
        assertThat(fx.sink.messages().get(2)).isEqualTo("after 0");
        assertThat(fx.counter("edgeobs.agent.tail.lines.truncated", "source", "app")).isEqualTo(1);
    }

    @Test
    void shouldNotEmitAPartialLastLineUntilItIsComplete() {
        // Given a line written in two pieces
        LogFiles.append(log, "{\"msg\":\"first half");
        SourceTailer tailer = fx.tailer(source());

        // When the first half is there, even for a long time
        fx.round(tailer);
        fx.clock.advance(TailerFixture.seconds(3600));
        fx.round(tailer);

        // Then nothing yet; once the rest arrives, one whole line
        assertThat(fx.sink.records).isEmpty();
        LogFiles.append(log, " and the rest\"}\n");
        fx.round(tailer);
        assertThat(fx.sink.messages()).containsExactly("first half and the rest");
    }

    @Test
    void shouldEmitAPartialLastLineAfterThePartialLineTimeoutWhenOneIsSet() {
        // Given a partial-line timeout of 5 s and a last line without newline
        fx.settings = fx.settings.withPartialLineTimeout(TailerFixture.seconds(5));
        LogFiles.append(log, "{\"msg\":\"complete\"}\n{\"msg\":\"cut by a crash\"}");
        SourceTailer tailer = fx.tailer(source());

        // When
        fx.round(tailer);
        List<String> early = List.copyOf(fx.sink.messages());
        fx.clock.advance(TailerFixture.seconds(6));
        fx.round(tailer);

        // Then
        assertThat(early).containsExactly("complete");
        assertThat(fx.sink.messages()).containsExactly("complete", "cut by a crash");
    }

    @Test
    void shouldStartAtTheEndOnlyInFilesFoundAtTheSourcesFirstStart() {
        // Given a file with history, and a source that starts at the end
        LogFiles.appendLines(log, "old", 0, 10);
        LogFiles.append(log, "{\"msg\":\"being wri");
        SourceTailer tailer = fx.tailer(source().withStartAt(TailSource.StartAt.END));
        fx.round(tailer);

        // When the line being written completes, more lines come, and a new file appears
        LogFiles.append(log, "tten\"}\n");
        LogFiles.appendLines(log, "new", 0, 2);
        LogFiles.appendLines(dir.resolve("later.log"), "later", 0, 2);
        fx.round(tailer);
        // and after a restart, more lines come to the first file
        tailer.close();
        LogFiles.appendLines(log, "restarted", 0, 2);
        SourceTailer again = fx.tailer(source().withStartAt(TailSource.StartAt.END));
        fx.round(again);

        // Then the history is skipped, but nothing written after the first start
        assertThat(fx.sink.messages()).containsExactlyInAnyOrder("being written", "new 0", "new 1", "later 0",
                "later 1", "restarted 0", "restarted 1");
    }

    @Test
    void shouldNotLetOneBigFileStarveAnother() {
        // Given a read size of 4 KiB, a file with 200 KiB of lines and a small one
        fx.settings = fx.settings.withLimits(1_000, 4_096, 500, 100);
        LogFiles.appendLines(dir.resolve("big.log"), "big", 0, 2_500);
        LogFiles.appendLines(dir.resolve("small.log"), "small", 0, 1);
        SourceTailer tailer = fx.tailer(source());

        // When one poll runs
        fx.clock.advance(fx.settings.scanInterval());
        SourceTailer.PollResult first = tailer.poll();

        // Then the small file's line is already delivered, and the big file says there is more
        assertThat(fx.sink.messages()).contains("small 0");
        assertThat(fx.sink.records.size()).isLessThan(100);
        assertThat(first.more()).isTrue();
        fx.round(tailer);
        assertThat(fx.sink.records).hasSize(2_501);
        assertThat(fx.gauge("edgeobs.agent.tail.lag.bytes", "source", "app")).isZero();
    }

    @Test
    void shouldFollowAtMostMaxFilesAndReportTheOthers() {
        // Given max-files 2 and three files
        fx.settings = fx.settings.withLimits(1_000, 4_096, 500, 2);
        for (String name : List.of("a.log", "b.log", "c.log")) {
            LogFiles.appendLines(dir.resolve(name), name, 0, 1);
        }
        SourceTailer tailer = fx.tailer(source());

        // When
        fx.round(tailer);

        // Then
        assertThat(fx.sink.records).hasSize(2);
        assertThat(fx.gauge("edgeobs.agent.tail.files", "source", "app")).isEqualTo(2);
        assertThat(fx.gauge("edgeobs.agent.tail.files.unfollowed", "source", "app")).isEqualTo(1);
    }

    @Test
    void shouldDeliverInAppendsOfAtMostMaxBatchLines() {
        // Given
        fx.settings = fx.settings.withLimits(1_000, 64 * 1024, 7, 100);
        LogFiles.appendLines(log, "l", 0, 30);
        List<Integer> sizes = new ArrayList<>();
        fx.sink.beforeConfirm = batch -> sizes.add(batch.size());
        SourceTailer tailer = fx.tailer(source());

        // When
        fx.round(tailer);

        // Then
        assertThat(sizes).containsExactly(7, 7, 7, 7, 2);
        assertThat(fx.sink.records).hasSize(30);
    }
}

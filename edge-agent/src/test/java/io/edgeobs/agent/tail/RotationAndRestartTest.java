package io.edgeobs.agent.tail;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rotation by rename and by copytruncate, restarts and a refusing buffer: every line exactly once, in order. */
class RotationAndRestartTest {

    @TempDir
    Path dir;

    private TailerFixture fx;
    private Path log;
    private TailSource source;

    @BeforeEach
    void setUp() {
        fx = new TailerFixture(dir);
        log = dir.resolve("app.log");
        source = TailSource.of("app", dir.resolve("*.log").toString());
    }

    @Test
    void shouldReadTheOldFileToItsEndAfterARenameThenFollowTheNewOne() {
        // Given reads of 4 KiB (so the old file takes several polls), and lines that were read
        fx.settings = fx.settings.withLimits(1_000, 4_096, 500, 100);
        List<String> expected = new ArrayList<>(LogFiles.appendLines(log, "line", 0, 100));
        SourceTailer tailer = fx.tailer(source);
        fx.round(tailer);

        // When the file is renamed, the application still writes a few lines to it before it reopens, then writes
        // to a new file at the same path
        LogFiles.renameRotate(log, dir.resolve("app.log.1"));
        expected.addAll(LogFiles.appendLines(dir.resolve("app.log.1"), "line", 100, 250));
        expected.addAll(LogFiles.appendLines(log, "line", 250, 400));
        fx.round(tailer);
        expected.addAll(LogFiles.appendLines(log, "line", 400, 410));
        fx.settle(tailer);

        // Then every line once, in order; the old file is closed after rotate-wait
        assertThat(fx.sink.messages()).containsExactlyElementsOf(expected);
        assertThat(fx.sink.records).allSatisfy(r -> assertThat(r.fields()).containsEntry("file", log.toString()));
        assertThat(fx.counter("edgeobs.agent.tail.rotations", "source", "app", "kind", "rename")).isEqualTo(1);
        assertThat(fx.gauge("edgeobs.agent.tail.files", "source", "app")).isEqualTo(1);
        assertThat(tailer.positions()).singleElement().satisfies(p -> assertThat(p.offset()).isEqualTo(size(log)));
    }

    @Test
    void shouldReadARenamedFileOnceWhenThePatternAlsoMatchesTheRenamedName() {
        // Given a pattern that matches the rotated names too (app.log, app.log.1, ...)
        TailSource wide = TailSource.of("app", dir.resolve("app.log*").toString());
        List<String> expected = new ArrayList<>(LogFiles.appendLines(log, "line", 0, 40));
        SourceTailer tailer = fx.tailer(wide);
        fx.round(tailer);

        // When it is rotated twice by rename, with lines in between, and the tailer restarts once
        LogFiles.renameRotate(log, dir.resolve("app.log.1"));
        expected.addAll(LogFiles.appendLines(log, "line", 40, 80));
        fx.round(tailer);
        LogFiles.renameRotate(dir.resolve("app.log.1"), dir.resolve("app.log.2"));
        LogFiles.renameRotate(log, dir.resolve("app.log.1"));
        expected.addAll(LogFiles.appendLines(log, "line", 80, 100));
        tailer.close();
        SourceTailer again = fx.tailer(wide);
        fx.settle(again);

        // Then each line once: the renamed files are the same inodes, not new files
        assertThat(fx.sink.messages()).containsExactlyElementsOf(expected);
        assertThat(fx.gauge("edgeobs.agent.tail.files", "source", "app")).isEqualTo(3);
    }

    @Test
    void shouldStartAgainAtZeroAfterCopytruncateAndTakeTheUnreadRestFromTheCopy() {
        // Given lines that were read, and more that were not when logrotate copied and truncated the file
        List<String> expected = new ArrayList<>(LogFiles.appendLines(log, "line", 0, 50));
        SourceTailer tailer = fx.tailer(source);
        fx.round(tailer);
        expected.addAll(LogFiles.appendLines(log, "line", 50, 80));

        // When
        LogFiles.copyTruncate(log, dir.resolve("app.log.1"));
        expected.addAll(LogFiles.appendLines(log, "line", 80, 120));
        fx.settle(tailer);

        // Then
        assertThat(fx.sink.messages()).containsExactlyElementsOf(expected);
        assertThat(fx.counter("edgeobs.agent.tail.rotations", "source", "app", "kind", "truncate")).isEqualTo(1);
        assertThat(fx.counter("edgeobs.agent.tail.copies.recovered", "source", "app")).isEqualTo(1);
        assertThat(fx.gauge("edgeobs.agent.tail.files", "source", "app")).isEqualTo(1);
    }

    @Test
    void shouldNoticeATruncationEvenWhenTheFileGrewPastTheOldOffsetBeforeThePoll() throws IOException {
        // Given 10 short lines read
        LogFiles.appendLines(log, "old", 0, 10);
        SourceTailer tailer = fx.tailer(source);
        fx.round(tailer);

        // When the file is truncated in place and rewritten with more than before, all before the next poll
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        List<String> rewritten = LogFiles.appendLines(log, "rewritten", 100, 200);
        fx.round(tailer);

        // Then the fingerprint of the first bytes told: the new content is read from 0, whole
        assertThat(fx.sink.messages()).hasSize(110).endsWith(rewritten.toArray(String[]::new));
        assertThat(fx.counter("edgeobs.agent.tail.rotations", "source", "app", "kind", "truncate")).isEqualTo(1);
    }

    @Test
    void shouldResumeFromThePersistedOffsetAfterARestartAndAfterACrash() {
        // Given a tailer that delivered 100 lines and was stopped cleanly
        List<String> expected = new ArrayList<>(LogFiles.appendLines(log, "line", 0, 100));
        SourceTailer first = fx.tailer(source);
        fx.round(first);
        first.close();

        // When lines are written while it is down, a new instance starts over the same state directory, delivers,
        // and is dropped without close (a crash after its last confirmed append), and another one starts
        expected.addAll(LogFiles.appendLines(log, "line", 100, 150));
        SourceTailer second = fx.tailer(source);
        fx.round(second);
        expected.addAll(LogFiles.appendLines(log, "line", 150, 200));
        SourceTailer third = fx.tailer(source);
        fx.round(third);

        // Then nothing is lost and nothing delivered twice
        assertThat(fx.sink.messages()).containsExactlyElementsOf(expected);
        second.close();
    }

    @Test
    void shouldFinishAFileRenamedWhileTheTailerWasStoppedFromItsRememberedOffset() {
        // Given 50 lines delivered, then a stop
        List<String> expected = new ArrayList<>(LogFiles.appendLines(log, "line", 0, 50));
        SourceTailer first = fx.tailer(source);
        fx.round(first);
        first.close();

        // When, while it is down, more lines are written, the file is rotated away, and a new file gets lines
        expected.addAll(LogFiles.appendLines(log, "line", 50, 70));
        LogFiles.renameRotate(log, dir.resolve("app.log.1"));
        expected.addAll(LogFiles.appendLines(log, "line", 70, 100));
        SourceTailer second = fx.tailer(source);
        fx.settle(second);

        // Then the renamed file (found by its device and inode) is read on from offset 50's end, before the new one
        assertThat(fx.sink.messages()).containsExactlyElementsOf(expected);
        assertThat(fx.gauge("edgeobs.agent.tail.files", "source", "app")).isEqualTo(1);
    }

    @Test
    void shouldTakeTheRestFromTheCopyWhenCopytruncateRanWhileTheTailerWasStopped() {
        // Given
        List<String> expected = new ArrayList<>(LogFiles.appendLines(log, "line", 0, 50));
        SourceTailer first = fx.tailer(source);
        fx.round(first);
        first.close();

        // When
        expected.addAll(LogFiles.appendLines(log, "line", 50, 60));
        LogFiles.copyTruncate(log, dir.resolve("app.log.1"));
        expected.addAll(LogFiles.appendLines(log, "line", 60, 200));
        SourceTailer second = fx.tailer(source);
        fx.settle(second);

        // Then
        assertThat(fx.sink.messages()).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldReadFilesAgainFromTheStartWhenTheOffsetFileIsUnreadableAndKeepItAside() throws IOException {
        // Given an offset file edited into garbage
        List<String> expected = LogFiles.appendLines(log, "line", 0, 5);
        Files.createDirectories(fx.stateDir);
        Files.writeString(fx.stateDir.resolve("app.offsets.json"), "{not json");

        // When
        SourceTailer tailer = fx.tailer(source.withStartAt(TailSource.StartAt.END));
        fx.round(tailer);

        // Then duplicates rather than loss: the files are read from the start even though start-at is end
        assertThat(fx.sink.messages()).containsExactlyElementsOf(expected);
        assertThat(fx.stateDir.resolve("app.offsets.json.unreadable")).hasContent("{not json");
        assertThat(new OffsetStore(fx.stateDir, "app").load()).isPresent();
        assertThat(fx.counter("edgeobs.agent.tail.errors", "source", "app", "reason", "state")).isEqualTo(1);
    }

    @Test
    void shouldKeepLinesTheBufferRefusedAndDeliverThemOnceItTakesThemAgain() {
        // Given a buffer that refuses the next three appends
        fx.settings = fx.settings.withLimits(1_000, 64 * 1024, 10, 100);
        List<String> expected = LogFiles.appendLines(log, "line", 0, 45);
        fx.sink.refuseNext = 3;
        SourceTailer tailer = fx.tailer(source);

        // When a poll meets the refusal
        fx.clock.advance(fx.settings.scanInterval());
        SourceTailer.PollResult refused = tailer.poll();

        // Then it says when to retry, nothing moved, and later every line comes exactly once
        assertThat(refused.retryAfter()).hasValue(java.time.Duration.ofSeconds(5));
        assertThat(fx.sink.records).isEmpty();
        assertThat(tailer.positions()).singleElement().satisfies(p -> assertThat(p.offset()).isZero());
        fx.round(tailer);
        assertThat(fx.sink.messages()).containsExactlyElementsOf(expected);
        assertThat(fx.counter("edgeobs.agent.tail.backpressure", "source", "app")).isEqualTo(3);
    }

    @Test
    void shouldWriteAnOffsetOnlyAfterTheLinesBeforeItAreConfirmed() throws IOException {
        // Given reads of 1 KiB (about 14 lines) delivered in appends of 5 lines
        fx.settings = fx.settings.withLimits(500, 1_024, 5, 100);
        LogFiles.appendLines(log, "line", 0, 60);
        List<Long> lineStarts = new ArrayList<>();
        long end = 0;
        for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            lineStarts.add(end);
            end += l.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        OffsetStore store = new OffsetStore(fx.stateDir, "app");
        List<Long> persistedWhileInFlight = new ArrayList<>();
        List<Long> batchStarts = new ArrayList<>();
        fx.sink.beforeConfirm = batch -> {
            try {
                persistedWhileInFlight.add(store.load().flatMap(e -> e.stream().findFirst()).map(OffsetStore.Entry::offset)
                        .orElse(0L));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            batchStarts.add(lineStarts.get(fx.sink.records.size()));
        };
        SourceTailer tailer = fx.tailer(source);

        // When
        fx.round(tailer);

        // Then while an append was in flight the offset file never covered its lines, yet it moved along the way
        assertThat(persistedWhileInFlight).hasSizeGreaterThanOrEqualTo(12).isSorted();
        for (int i = 0; i < persistedWhileInFlight.size(); i++) {
            assertThat(persistedWhileInFlight.get(i)).isLessThanOrEqualTo(batchStarts.get(i));
        }
        assertThat(persistedWhileInFlight.get(persistedWhileInFlight.size() - 1)).isGreaterThan(0);
        assertThat(store.load().orElseThrow()).singleElement().satisfies(e -> assertThat(e.offset()).isEqualTo(size(log)));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

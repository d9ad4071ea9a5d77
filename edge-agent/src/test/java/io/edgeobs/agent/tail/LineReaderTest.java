package io.edgeobs.agent.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineReaderTest {

    @TempDir
    Path dir;

    private LineReader.Chunk read(LineReader reader, String content, long offset, boolean skipping, boolean flush)
            throws IOException {
        Path file = dir.resolve("f.log");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return reader.read(ch, offset, skipping, flush);
        }
    }

    @Test
    void shouldSplitLinesDropCarriageReturnsAndSkipBlankLines() throws IOException {
        // Given
        LineReader reader = new LineReader(1024, 100);

        // When
        LineReader.Chunk c = read(reader, "one\r\n\n  \t\ntwo\n\nthree\n\n", 0, false, false);

        // Then
        assertThat(c.lines()).extracting(LineReader.Line::text).containsExactly("one", "two", "three");
        assertThat(c.lines()).extracting(LineReader.Line::blanksBefore).containsExactly(0, 2, 1);
        assertThat(c.lines()).extracting(LineReader.Line::endOffset).containsExactly(5L, 14L, 21L);
        assertThat(c.trailingBlanks()).isEqualTo(1);
        assertThat(c.endOffset()).isEqualTo(22);
        assertThat(c.more()).isFalse();
    }

    @Test
    void shouldLeaveAPartialLastLineForLaterUnlessToldToFlushIt() throws IOException {
        // Given
        LineReader reader = new LineReader(1024, 100);

        // When
        LineReader.Chunk waiting = read(reader, "done\n{\"msg\":\"half", 0, false, false);
        LineReader.Chunk flushed = read(reader, "done\n{\"msg\":\"half", 0, false, true);

        // Then
        assertThat(waiting.lines()).extracting(LineReader.Line::text).containsExactly("done");
        assertThat(waiting.endOffset()).isEqualTo(5);
        assertThat(flushed.lines()).extracting(LineReader.Line::text).containsExactly("done", "{\"msg\":\"half");
        assertThat(flushed.endOffset()).isEqualTo(17);
    }

    @Test
    void shouldCutALineOverTheCapAtACharacterBoundaryAndSkipItsRest() throws IOException {
        // Given a cap of 10 bytes and a line of 'aaaaaaaaa' + 'é' (2 bytes, crossing the cap) + more
        LineReader reader = new LineReader(1024, 10);
        String longLine = "aaaaaaaaaé" + "x".repeat(50);

        // When
        LineReader.Chunk c = read(reader, longLine + "\nnext\n", 0, false, false);

        // Then the head is cut before the 'é', flagged, and the next line is whole
        assertThat(c.lines()).extracting(LineReader.Line::text).containsExactly("aaaaaaaaa", "next");
        assertThat(c.lines()).extracting(LineReader.Line::truncated).containsExactly(true, false);
        assertThat(c.skippingAfter()).isFalse();
    }

    @Test
    void shouldEmitTheHeadOfAnEndlessLineAtOnceAndSkipItsRestAcrossReads() throws IOException {
        // Given a read size of 64 bytes and a line of 200 bytes with no end yet
        LineReader reader = new LineReader(64, 16);
        String content = "y".repeat(200);

        // When three reads follow each other
        LineReader.Chunk first = read(reader, content, 0, false, false);
        LineReader.Chunk second = read(reader, content + "\nafter\n", first.endOffset(), first.skippingAfter(), false);
        LineReader.Chunk third = read(reader, content + "\nafter\n", second.endOffset(), second.skippingAfter(), false);
        LineReader.Chunk fourth = read(reader, content + "\nafter\n", third.endOffset(), third.skippingAfter(), false);

        // Then the head comes once, the rest is skipped up to the newline, and the next line is whole
        assertThat(first.lines()).singleElement().satisfies(l -> {
            assertThat(l.text()).isEqualTo("y".repeat(16));
            assertThat(l.truncated()).isTrue();
            assertThat(l.skippingAfter()).isTrue();
        });
        assertThat(first.endOffset()).isEqualTo(64);
        assertThat(second.lines()).isEmpty();
        assertThat(second.skippingAfter()).isTrue();
        assertThat(third.lines()).isEmpty();
        assertThat(fourth.lines()).extracting(LineReader.Line::text).containsExactly("after");
        assertThat(fourth.skippingAfter()).isFalse();
        assertThat(fourth.endOffset()).isEqualTo(207);
    }

    @Test
    void shouldKeepALineOfExactlyTheCapWhole() throws IOException {
        // Given
        LineReader reader = new LineReader(64, 10);

        // When
        LineReader.Chunk c = read(reader, "0123456789\r\n0123456789\n", 0, false, false);

        // Then
        assertThat(c.lines()).extracting(LineReader.Line::text).containsExactly("0123456789", "0123456789");
        assertThat(c.lines()).extracting(LineReader.Line::truncated).containsExactly(false, false);
    }

    @Test
    void shouldReportMoreWhenTheReadFilledItsBuffer() throws IOException {
        // Given
        LineReader reader = new LineReader(32, 10);

        // When
        LineReader.Chunk c = read(reader, "line-0001\n".repeat(10), 0, false, false);

        // Then three whole lines fit, the fourth is left for the next read
        assertThat(c.more()).isTrue();
        assertThat(c.lines()).hasSize(3);
        assertThat(c.endOffset()).isEqualTo(30);
    }

    @Test
    void shouldRefuseAReadSizeThatCannotHoldALongestLine() {
        assertThatThrownBy(() -> new LineReader(100, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("larger than the line cap");
    }
}

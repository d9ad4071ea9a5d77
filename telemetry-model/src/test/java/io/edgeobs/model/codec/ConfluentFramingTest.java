package io.edgeobs.model.codec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfluentFramingTest {

    private static final byte[] PAYLOAD = {10, 3, 'a', 'b', 'c'};

    @Test
    void shouldFrameTheFirstMessageWithASingleZeroIndexByte() {
        // When
        byte[] framed = ConfluentFraming.encode(258, PAYLOAD);

        // Then: magic, big-endian id 258, index byte 0, payload
        assertThat(framed).containsExactly(0, 0, 0, 1, 2, 0, 10, 3, 'a', 'b', 'c');
        ConfluentFraming.Frame frame = ConfluentFraming.decode(framed);
        assertThat(frame.schemaId()).isEqualTo(258);
        assertThat(frame.messageIndexes()).containsExactly(0);
        assertThat(frame.payload()).isEqualTo(PAYLOAD);
    }

    @Test
    void shouldRoundTripNestedMessageIndexes() {
        // When
        byte[] framed = ConfluentFraming.encode(Integer.MAX_VALUE, new int[] {2, 1, 300}, PAYLOAD);
        ConfluentFraming.Frame frame = ConfluentFraming.decode(framed);

        // Then: count 3 and indexes as zig-zag varints (3->6, 2->4, 1->2, 300->600 = 0xd8 0x04)
        assertThat(framed).startsWith(0, 0x7f, 0xff, 0xff, 0xff, 6, 4, 2, 0xd8, 0x04);
        assertThat(frame.schemaId()).isEqualTo(Integer.MAX_VALUE);
        assertThat(frame.messageIndexes()).containsExactly(2, 1, 300);
        assertThat(frame.payload()).isEqualTo(PAYLOAD);
        assertThat(frame.payloadOffset()).isEqualTo(10);
    }

    @Test
    void shouldRejectAWrongMagicByte() {
        assertThatThrownBy(() -> ConfluentFraming.decode(new byte[] {1, 0, 0, 0, 1, 0}))
                .isInstanceOf(FramingException.class).hasMessageContaining("unknown magic byte 0x01");
    }

    @Test
    void shouldRejectTruncatedInput() {
        assertThatThrownBy(() -> ConfluentFraming.decode(new byte[0]))
                .isInstanceOf(FramingException.class).hasMessageContaining("empty value");
        assertThatThrownBy(() -> ConfluentFraming.decode(new byte[] {0, 0, 1}))
                .isInstanceOf(FramingException.class).hasMessageContaining("truncated: 3 bytes");
        assertThatThrownBy(() -> ConfluentFraming.decode(new byte[] {0, 0, 0, 0, 1}))
                .isInstanceOf(FramingException.class).hasMessageContaining("ends inside the message index count");
        assertThatThrownBy(() -> ConfluentFraming.decode(new byte[] {0, 0, 0, 0, 1, 4, (byte) 0x80}))
                .isInstanceOf(FramingException.class).hasMessageContaining("ends inside the message index 0");
    }

    @Test
    void shouldAcceptAnEmptyPayload() {
        // An all-default protobuf message encodes to zero bytes; the frame must still carry it.
        ConfluentFraming.Frame frame = ConfluentFraming.decode(ConfluentFraming.encode(7, new byte[0]));
        assertThat(frame.payloadLength()).isZero();
        assertThat(frame.schemaId()).isEqualTo(7);
    }
}

package io.edgeobs.model.codec;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.edgeobs.model.Batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Encodes batches to protobuf bytes and back. Encoding is deterministic: the same logical batch (whatever map
 * implementations or tag order its builder used) always gives the same bytes, and so the same content id.
 */
public final class BatchCodec {

    private BatchCodec() {
    }

    public static byte[] encode(Batch batch) {
        return encode(ProtoMapper.toProto(batch));
    }

    /** Deterministic serialisation of an already-built protobuf batch. */
    public static byte[] encode(io.edgeobs.model.proto.Batch proto) {
        byte[] out = new byte[proto.getSerializedSize()];
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        cos.useDeterministicSerialization();
        try {
            proto.writeTo(cos);
            cos.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding into a byte array cannot fail, but did", e);
        }
        return out;
    }

    /** Decodes bytes written by {@link #encode}; throws {@link DecodeException} naming the problem. */
    public static Batch decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    public static Batch decode(byte[] bytes, int offset, int length) {
        return ProtoMapper.fromProto(parse(bytes, offset, length));
    }

    /** Parses the protobuf message without mapping it to the Java model. */
    public static io.edgeobs.model.proto.Batch parse(byte[] bytes, int offset, int length) {
        if (length == 0) {
            throw new DecodeException("empty input is not a batch");
        }
        try {
            return io.edgeobs.model.proto.Batch.parser().parseFrom(bytes, offset, length);
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException("not a valid protobuf edgeobs.v1.Batch (" + length + " bytes): " + e.getMessage(), e);
        }
    }

    /** The batch's content id: the lower-case hex SHA-256 of its deterministic encoding. */
    public static String contentId(Batch batch) {
        return contentId(encode(batch));
    }

    /** The content id of already-encoded bytes. */
    public static String contentId(byte[] encoded) {
        return HexFormat.of().formatHex(sha256().digest(encoded));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package io.edgeobs.gateway.intake;

import io.edgeobs.gateway.error.GatewayException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Request bodies: size limits and {@code Content-Encoding}, with a cap on what decompression may produce. */
public final class Bodies {

    private Bodies() {
    }

    /** Refuses a body over the limit as sent. */
    public static void checkSize(byte[] body, long limit) {
        if (body.length > limit) {
            throw new GatewayException.TooLarge("the body of " + body.length + " bytes is over the limit of " + limit
                    + " bytes");
        }
    }

    /** The body decoded according to {@code Content-Encoding} ({@code gzip} or none), at most {@code limit} bytes. */
    public static byte[] decode(byte[] body, String contentEncoding, long limit) {
        String encoding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> body;
            case "gzip", "x-gzip" -> gunzip(body, limit);
            default -> throw new GatewayException.UnsupportedType("Content-Encoding " + contentEncoding
                    + " is not supported; send gzip or nothing");
        };
    }

    /** Decompresses gzip, refusing to produce more than {@code limit} bytes (a gzip bomb, or just too much). */
    public static byte[] gunzip(byte[] compressed, long limit) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 64 * 1024)) {
            byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (out.length > limit) {
                throw new GatewayException.TooLarge("the body decompresses to more than the limit of " + limit + " bytes");
            }
            return out;
        } catch (IOException e) {
            throw new GatewayException.BadRequest("the body is not valid gzip (Content-Encoding: gzip): " + e.getMessage(), e);
        }
    }
}

package io.edgeobs.ingest.storage.write;

import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL text cannot hold U+0000 (and {@code jsonb} refuses {@code \u0000}), but protobuf strings can. Such a
 * character is stored as U+FFFD, the replacement character, instead of failing the whole batch.
 */
final class TextSanitizer {

    static final char REPLACEMENT = '\uFFFD';

    private TextSanitizer() {
    }

    static String clean(String s) {
        return s.indexOf('\0') < 0 ? s : s.replace('\0', REPLACEMENT);
    }

    static byte[] utf8(String s) {
        return clean(s).getBytes(StandardCharsets.UTF_8);
    }
}

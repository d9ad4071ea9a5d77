package io.edgeobs.model.convert.otlp;

import java.util.Locale;
import java.util.Optional;

/** The two encodings of OTLP/HTTP request bodies. */
public enum OtlpEncoding {
    /** Binary protobuf, {@code application/x-protobuf}. */
    PROTOBUF,
    /** OTLP/JSON, {@code application/json}: the protobuf JSON mapping with hex ids and integer enums. */
    JSON;

    /**
     * The encoding of a {@code Content-Type} header value, parameters ({@code ; charset=utf-8}) and case ignored;
     * empty for anything OTLP/HTTP does not define (a receiver answers 415 Unsupported Media Type).
     */
    public static Optional<OtlpEncoding> fromContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/x-protobuf", "application/protobuf" -> Optional.of(PROTOBUF);
            case "application/json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }
}

package io.edgeobs.model.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The signature of a manifest's exact bytes, as stored in the detached {@code <manifest>.sig} file:
 *
 * <pre>
 * {
 *   "format" : "edgeobs.manifest-signature/v1",
 *   "algorithm" : "Ed25519",
 *   "keyId" : "3f1c0d2e9a7b5c41",
 *   "manifestSha256" : "…64 hex digits…",
 *   "signature" : "…base64 of 64 bytes…"
 * }
 * </pre>
 * {@code manifestSha256} is not signed and only helps to tell "changed after signing" from "signed by someone else".
 */
public record ManifestSignature(String keyId, String manifestSha256, byte[] signature) {

    public static final String FORMAT = "edgeobs.manifest-signature/v1";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> FIELDS = List.of("format", "algorithm", "keyId", "manifestSha256", "signature");

    public ManifestSignature {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(manifestSha256, "manifestSha256");
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The JSON of the {@code .sig} file. */
    public byte[] toJson() {
        try {
            return (JSON.writeValueAsString(toTree()) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    ObjectNode toTree() {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("algorithm", Ed25519.ALGORITHM);
        n.put("keyId", keyId);
        n.put("manifestSha256", manifestSha256);
        n.put("signature", Base64.getEncoder().encodeToString(signature));
        return n;
    }

    /** Reads a {@code .sig} file's JSON strictly; anything else is a {@link RefusalReason#MALFORMED} refusal. */
    public static ManifestSignature parse(byte[] json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw malformed("is not JSON: " + firstLine(e.getMessage()));
        }
        return fromTree(n);
    }

    static ManifestSignature fromTree(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw malformed("must be a JSON object with format, algorithm, keyId, manifestSha256 and signature");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw malformed("has an unknown field '" + f + "'");
            }
        }
        if (!FORMAT.equals(n.path("format").asText(null))) {
            throw malformed("format must be '" + FORMAT + "', not '" + n.path("format").asText("") + "'");
        }
        if (!Ed25519.ALGORITHM.equals(n.path("algorithm").asText(null))) {
            throw malformed("algorithm must be 'Ed25519', not '" + n.path("algorithm").asText("") + "'");
        }
        String keyId = n.path("keyId").asText("");
        if (!keyId.matches("[0-9a-f]{16}")) {
            throw malformed("keyId must be 16 lower-case hex digits, not '" + keyId + "'");
        }
        String sha = n.path("manifestSha256").asText("");
        if (!sha.matches("[0-9a-f]{64}")) {
            throw malformed("manifestSha256 must be 64 lower-case hex digits");
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(n.path("signature").asText(""));
        } catch (IllegalArgumentException e) {
            throw malformed("signature is not base64");
        }
        if (sig.length != Ed25519.SIGNATURE_BYTES) {
            throw malformed("signature must be 64 bytes (base64), not " + sig.length);
        }
        return new ManifestSignature(keyId, sha, sig);
    }

    private static ManifestException malformed(String problem) {
        return new ManifestException(RefusalReason.MALFORMED, "signature document " + problem);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManifestSignature s && keyId.equals(s.keyId) && manifestSha256.equals(s.manifestSha256)
                && Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, manifestSha256, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "ManifestSignature[keyId=" + keyId + ", manifestSha256=" + manifestSha256 + "]";
    }
}

package io.edgeobs.model.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Objects;

/**
 * A manifest's exact bytes with their signature, not yet verified. On disk it is two files, {@code manifest.yaml}
 * and {@code manifest.yaml.sig}; over HTTP it is one JSON document ({@link #MEDIA_TYPE}):
 *
 * <pre>
 * {"format": "edgeobs.signed-manifest/v1", "manifest": "…base64 of the YAML bytes…", "signature": {…the .sig…}}
 * </pre>
 */
public record SignedManifest(byte[] manifest, ManifestSignature signature) {

    public static final String WIRE_FORMAT = "edgeobs.signed-manifest/v1";
    /** Content type of the wire form, as served at {@code /v1/manifests/{fleet}}. */
    public static final String MEDIA_TYPE = "application/vnd.edgeobs.signed-manifest+json";
    /** The detached signature lives beside the manifest, named like it plus this suffix. */
    public static final String SIGNATURE_SUFFIX = ".sig";
    private static final int MAX_SIGNATURE_FILE_BYTES = 4096;

    public SignedManifest {
        manifest = manifest.clone();
        Objects.requireNonNull(signature, "signature");
    }

    @Override
    public byte[] manifest() {
        return manifest.clone();
    }

    /** Lower-case hex SHA-256 of the manifest's bytes: its content id. */
    public String sha256() {
        return Digests.sha256Hex(manifest);
    }

    public static Path signaturePath(Path manifestFile) {
        return manifestFile.resolveSibling(manifestFile.getFileName() + SIGNATURE_SUFFIX);
    }

    /**
     * Reads {@code manifestFile} and its {@code .sig}. An absent manifest is {@link RefusalReason#UNAVAILABLE}, an
     * absent signature {@link RefusalReason#SIGNATURE}, an oversized file {@link RefusalReason#TOO_LARGE}.
     */
    public static SignedManifest read(Path manifestFile, ManifestLimits limits) {
        byte[] bytes;
        try {
            bytes = Digests.readBounded(manifestFile, limits.maxManifestBytes(), "manifest");
        } catch (NoSuchFileException e) {
            throw new ManifestException(RefusalReason.UNAVAILABLE, "manifest file " + manifestFile + " does not exist");
        } catch (IOException e) {
            throw new ManifestException(RefusalReason.UNAVAILABLE, "cannot read manifest file " + manifestFile + ": " + e, e);
        }
        Path sigFile = signaturePath(manifestFile);
        byte[] sig;
        try {
            sig = Digests.readBounded(sigFile, MAX_SIGNATURE_FILE_BYTES, "signature file");
        } catch (NoSuchFileException e) {
            throw new ManifestException(RefusalReason.SIGNATURE, "manifest " + manifestFile + " is not signed: there is no "
                    + sigFile.getFileName() + " beside it; sign it with 'edgeobs manifest sign --key KEY " + manifestFile + "'");
        } catch (IOException e) {
            throw new ManifestException(RefusalReason.UNAVAILABLE, "cannot read signature file " + sigFile + ": " + e, e);
        }
        return new SignedManifest(bytes, ManifestSignature.parse(sig));
    }

    /** Writes the manifest and then its {@code .sig}, each atomically (a watcher may see the first before the second). */
    public void write(Path manifestFile) throws IOException {
        Digests.writeAtomically(manifestFile, manifest);
        Digests.writeAtomically(signaturePath(manifestFile), signature.toJson());
    }

    /** The single-document wire form. */
    public byte[] toWire() {
        ObjectNode n = ManifestSignature.JSON.createObjectNode();
        n.put("format", WIRE_FORMAT);
        n.put("manifest", Base64.getEncoder().encodeToString(manifest));
        n.set("signature", signature.toTree());
        try {
            return (ManifestSignature.JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the wire form strictly; anything else is {@link RefusalReason#MALFORMED} or {@link RefusalReason#TOO_LARGE}. */
    public static SignedManifest fromWire(byte[] wire, ManifestLimits limits) {
        if (wire.length > limits.maxWireBytes()) {
            throw new ManifestException(RefusalReason.TOO_LARGE, "signed manifest document is " + wire.length
                    + " bytes, above the limit of " + limits.maxWireBytes());
        }
        JsonNode n;
        try {
            n = ManifestSignature.JSON.readTree(wire);
        } catch (IOException e) {
            throw malformed("is not JSON: " + ManifestSignature.firstLine(e.getMessage()));
        }
        if (n == null || !n.isObject() || !WIRE_FORMAT.equals(n.path("format").asText(null))) {
            throw malformed("must be a JSON object with \"format\": \"" + WIRE_FORMAT + "\", manifest and signature");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("format") && !f.equals("manifest") && !f.equals("signature")) {
                throw malformed("has an unknown field '" + f + "'");
            }
        }
        byte[] manifest;
        try {
            manifest = Base64.getDecoder().decode(n.path("manifest").asText(""));
        } catch (IllegalArgumentException e) {
            throw malformed("field manifest is not base64");
        }
        if (manifest.length == 0) {
            throw malformed("has no manifest");
        }
        if (manifest.length > limits.maxManifestBytes()) {
            throw new ManifestException(RefusalReason.TOO_LARGE, "manifest is " + manifest.length
                    + " bytes, above the limit of " + limits.maxManifestBytes() + " bytes");
        }
        return new SignedManifest(manifest, ManifestSignature.fromTree(n.get("signature")));
    }

    private static ManifestException malformed(String problem) {
        return new ManifestException(RefusalReason.MALFORMED, "signed manifest document " + problem);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedManifest s && Arrays.equals(manifest, s.manifest) && signature.equals(s.signature);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(manifest) + signature.hashCode();
    }

    @Override
    public String toString() {
        return "SignedManifest[sha256=" + sha256() + ", keyId=" + signature.keyId() + "]";
    }
}

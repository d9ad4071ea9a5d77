package io.edgeobs.model.manifest;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ed25519 with the JDK's own provider (SunEC; another provider only if a trimmed runtime lacks it): key pairs,
 * signatures, key ids, and the raw 32-byte form of public keys.
 */
public final class Ed25519 {

    /** Algorithm name for {@link KeyPairGenerator}, {@link KeyFactory} and {@link Signature}. */
    public static final String ALGORITHM = "Ed25519";
    static final int RAW_PUBLIC_KEY_BYTES = 32;
    static final int SIGNATURE_BYTES = 64;
    /** DER prefix of an X.509 SubjectPublicKeyInfo holding an Ed25519 key (RFC 8410): the raw key follows it. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final String JDK_PROVIDER = "SunEC";

    private Ed25519() {
    }

    public static KeyPair generate() {
        try {
            return generator().generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate Ed25519 keys: " + e.getMessage(), e);
        }
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = signature();
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (is it an Ed25519 private key?): " + e.getMessage(), e);
        }
    }

    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = signature();
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The key id: the first 16 hex digits of the SHA-256 of the raw 32-byte public key. */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw(key));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw 32-byte public key (the last bytes of its X.509 encoding). */
    public static byte[] raw(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (!ALGORITHM.equalsIgnoreCase(key.getAlgorithm()) && !"EdDSA".equalsIgnoreCase(key.getAlgorithm())
                || spki.length != SPKI_PREFIX.length + RAW_PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
    }

    /** A public key from its raw 32 bytes or its 44-byte X.509 (SubjectPublicKeyInfo) DER encoding. */
    public static PublicKey publicKey(byte[] rawOrSpki) {
        byte[] spki;
        if (rawOrSpki.length == RAW_PUBLIC_KEY_BYTES) {
            spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + RAW_PUBLIC_KEY_BYTES);
            System.arraycopy(rawOrSpki, 0, spki, SPKI_PREFIX.length, RAW_PUBLIC_KEY_BYTES);
        } else if (rawOrSpki.length == SPKI_PREFIX.length + RAW_PUBLIC_KEY_BYTES
                && Arrays.equals(rawOrSpki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            spki = rawOrSpki;
        } else {
            throw new IllegalArgumentException("an Ed25519 public key is 32 raw bytes or a 44-byte X.509 encoding, not "
                    + rawOrSpki.length + " bytes");
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /**
     * The public key that belongs to a private key. The JDK has no API for it, so this feeds the private key's seed
     * to the JDK's key pair generator as its randomness (it draws exactly the 32-byte seed) and then checks, by
     * signing and verifying, that the pair it got back really belongs together.
     */
    public static PublicKey publicKeyOf(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
        }
        byte[] seed = ed.getBytes().get();
        try {
            KeyPairGenerator g = generator();
            g.initialize(255, new SeedRandom(seed));
            PublicKey candidate = g.generateKeyPair().getPublic();
            byte[] probe = "edgeobs public key derivation check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (!verify(candidate, probe, sign(key, probe))) {
                throw new IllegalStateException("this JVM's Ed25519 key generator did not reproduce the public key");
            }
            return candidate;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the Ed25519 public key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static KeyPairGenerator generator() throws NoSuchAlgorithmException {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM, JDK_PROVIDER);
        } catch (NoSuchProviderException e) {
            return KeyPairGenerator.getInstance(ALGORITHM);
        }
    }

    private static Signature signature() throws NoSuchAlgorithmException {
        try {
            return Signature.getInstance(ALGORITHM, JDK_PROVIDER);
        } catch (NoSuchProviderException e) {
            return Signature.getInstance(ALGORITHM);
        }
    }

    /** Randomness that is a fixed seed: only for {@link #publicKeyOf}. */
    private static final class SeedRandom extends SecureRandom {
        private final byte[] seed;
        private boolean used;

        SeedRandom(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("unexpected use of the seed by the key generator");
            }
            used = true;
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}

package io.edgeobs.gateway.policy;

import io.edgeobs.model.Tags;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies {@code redact} rules to tags and log fields: a matching key is removed, or its value replaced by
 * {@code hmac:} and the first 16 bytes of HMAC-SHA256 under the policy's redact key, in hex. The same value always
 * hashes the same way (so it can still be grouped and counted), but cannot be read back.
 */
final class Redactor {

    private final byte[] key;

    Redactor(String key) {
        this.key = (key.isEmpty() ? "edgeobs-redact" : key).getBytes(StandardCharsets.UTF_8);
    }

    Tags tags(Tags tags, Rule.Redact r) {
        Map<String, String> out = null;
        for (int i = 0; i < tags.size(); i++) {
            String k = tags.keyAt(i);
            if (matches(r.keys(), k)) {
                if (out == null) {
                    out = new TreeMap<>(tags);
                }
                if (r.hash()) {
                    out.put(k, hash(tags.valueAt(i)));
                } else {
                    out.remove(k);
                }
            }
        }
        return out == null ? tags : Tags.copyOf(out);
    }

    Map<String, Object> fields(Map<String, Object> fields, Rule.Redact r) {
        Map<String, Object> out = null;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (matches(r.keys(), e.getKey())) {
                if (out == null) {
                    out = new LinkedHashMap<>(fields);
                }
                if (r.hash()) {
                    out.put(e.getKey(), hash(String.valueOf(e.getValue())));
                } else {
                    out.remove(e.getKey());
                }
            }
        }
        return out == null ? fields : out;
    }

    private static boolean matches(List<Glob> keys, String key) {
        for (Glob g : keys) {
            if (g.matches(key)) {
                return true;
            }
        }
        return false;
    }

    String hash(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return "hmac:" + HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}

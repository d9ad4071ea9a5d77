package io.edgeobs.model.validation;

import io.edgeobs.model.Tags;

import java.util.List;
import java.util.Map;

/** Checks tags and structured log fields against the count and size limits. */
final class TagChecker {

    private final ValidationLimits limits;

    TagChecker(ValidationLimits limits) {
        this.limits = limits;
    }

    /** Violations are reported at {@code path + field}; the two are joined only when there is one. */
    void check(Tags tags, String path, String field, List<Violation> out) {
        check(tags, path, field, limits.maxTagValueBytes(), out);
    }

    /**
     * Span event tags may carry a stack trace ({@code exception.stacktrace}), so their values follow the log
     * message limit, as structured log fields do.
     */
    void checkEventTags(Tags tags, String path, String field, List<Violation> out) {
        check(tags, path, field, limits.maxLogMessageBytes(), out);
    }

    private void check(Tags tags, String path, String field, int maxValueBytes, List<Violation> out) {
        if (tags.size() > limits.maxTags()) {
            out.add(new Violation(path + field, "has " + tags.size() + " tags, over the limit of " + limits.maxTags()));
        }
        for (int i = 0; i < tags.size(); i++) {
            checkKey(tags.keyAt(i), path, field, out);
            int valueBytes = Utf8.length(tags.valueAt(i));
            if (valueBytes > maxValueBytes) {
                out.add(new Violation(path + field + "[\"" + abbreviate(tags.keyAt(i)) + "\"]", "value is " + valueBytes
                        + " bytes, over the limit of " + maxValueBytes));
            }
        }
    }

    void checkFields(Map<String, Object> fields, String path, String field, List<Violation> out) {
        if (fields.size() > limits.maxTags()) {
            out.add(new Violation(path + field, "has " + fields.size() + " fields, over the limit of " + limits.maxTags()));
        }
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            checkKey(e.getKey(), path, field, out);
            if (e.getValue() instanceof String s) {
                int bytes = Utf8.length(s);
                if (bytes > limits.maxLogMessageBytes()) {
                    out.add(new Violation(path + field + "[\"" + abbreviate(e.getKey()) + "\"]", "value is " + bytes
                            + " bytes, over the limit of " + limits.maxLogMessageBytes()));
                }
            }
        }
    }

    private void checkKey(String key, String path, String field, List<Violation> out) {
        if (key.isEmpty()) {
            out.add(new Violation(path + field, "has an empty key"));
            return;
        }
        int keyBytes = Utf8.length(key);
        if (keyBytes > limits.maxTagKeyBytes()) {
            out.add(new Violation(path + field + "[\"" + abbreviate(key) + "\"]", "key is " + keyBytes
                    + " bytes, over the limit of " + limits.maxTagKeyBytes()));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}

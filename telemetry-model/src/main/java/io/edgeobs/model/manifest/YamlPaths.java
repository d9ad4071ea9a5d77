package io.edgeobs.model.manifest;

/** How error messages name a field: {@code spec.sources[2].url}, {@code schemas["edgeobs.metrics"]}. */
final class YamlPaths {

    private YamlPaths() {
    }

    /** The path step for a mapping key: {@code .key} for plain names, {@code ["key"]} otherwise. */
    static String key(String key) {
        return key.matches("[A-Za-z_][A-Za-z0-9_-]*") ? "." + key : "[\"" + key.replace("\"", "\\\"") + "\"]";
    }

    static String child(String parent, String key) {
        String step = key(key);
        return parent.isEmpty() && step.startsWith(".") ? step.substring(1) : parent + step;
    }
}

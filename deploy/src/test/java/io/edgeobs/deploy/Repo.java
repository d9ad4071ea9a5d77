package io.edgeobs.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's files are (the surefire configuration passes the root) and the project version. */
public final class Repo {

    private Repo() {
    }

    public static Path root() {
        Path root = Path.of(System.getProperty("edgeobs.root", "..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("k8s"))) {
            throw new IllegalStateException("not the edgeobs repository root: " + root);
        }
        return root;
    }

    public static String version() {
        String v = System.getProperty("project.version");
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("project.version is not set (run the tests through Maven)");
        }
        return v;
    }
}

package io.edgeobs.stack;

import io.edgeobs.testsupport.process.AppProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A service of the stack running as a child JVM (an {@link AppProcess}), its output in a log file. */
final class ServiceProcess implements AutoCloseable {

    private final ServiceSpec spec;
    private final AppProcess app;

    private ServiceProcess(ServiceSpec spec, AppProcess app) {
        this.spec = spec;
        this.app = app;
    }

    static ServiceProcess start(ServiceSpec spec, Path root, Path logDir) {
        Path jar = spec.jar(root);
        if (!java.nio.file.Files.isRegularFile(jar)) {
            throw new StackException(spec.name() + " is not built (" + jar + " is missing): run ./edgeobs up --rebuild");
        }
        return new ServiceProcess(spec, AppProcess.launch(jar, spec.port(), spec.config(), jvmFlags(),
                logDir.resolve(spec.name() + ".log")));
    }

    /** The services' JVM flags: {@code -Xmx256m -XX:+UseSerialGC}, or the system property {@code edgeobs.stack.jvm}. */
    static List<String> jvmFlags() {
        String flags = System.getProperty("edgeobs.stack.jvm", "-Xmx256m -XX:+UseSerialGC").trim();
        return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
    }

    void awaitReady(Duration timeout) {
        try {
            app.awaitReady(timeout);
        } catch (IllegalStateException e) {
            throw new StackException(spec.name() + ": " + e.getMessage());
        }
    }

    boolean isReady() {
        return app.isReady();
    }

    long pid() {
        return app.pid();
    }

    boolean isAlive() {
        return app.isAlive();
    }

    int exitValue() {
        return app.exitValue();
    }

    ServiceSpec spec() {
        return spec;
    }

    Path log() {
        return app.log();
    }

    String tail(int lines) {
        return app.tail(lines);
    }

    /** SIGKILL: no shutdown hooks, no flush, as a power cut. */
    void kill() {
        app.kill();
    }

    @Override
    public void close() {
        app.close();
    }
}

package io.edgeobs.testsupport.process;

import io.edgeobs.testsupport.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar}) run as its own JVM: for tests that
 * need real restarts or several instances, and for the local stack. Output goes to a log file; {@link #close()}
 * stops it with SIGTERM (Quarkus shuts down cleanly), then SIGKILL after a grace period.
 */
public final class AppProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private AppProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar on a free port with these system properties and waits until it is ready. */
    public static AppProcess start(Path jar, Map<String, String> properties, Path log, Duration readyTimeout) {
        AppProcess app = launch(jar, 0, properties, List.of(), log);
        app.awaitReady(readyTimeout);
        return app;
    }

    /**
     * Starts the jar without waiting.
     *
     * @param port     the HTTP port, or 0 for a free one
     * @param jvmFlags extra JVM flags such as {@code -Xmx256m}
     */
    public static AppProcess launch(Path jar, int port, Map<String, String> properties, List<String> jvmFlags, Path log) {
        return launch(jar, port, properties, jvmFlags, Map.of(), log);
    }

    /** As above, with extra environment variables (for example {@code MALLOC_ARENA_MAX}). */
    public static AppProcess launch(Path jar, int port, Map<String, String> properties, List<String> jvmFlags,
                                    Map<String, String> environment, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: package the application first");
        }
        int httpPort = port > 0 ? port : FreePorts.pick();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmFlags.isEmpty() ? List.of("-Xmx256m") : jvmFlags);
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-Dquarkus.http.host=127.0.0.1");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            Process p = builder.start();
            return new AppProcess(p, httpPort, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + jar, e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** The operating system's id of the process (for jcmd, /proc). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** HTTP status of {@code GET path}, or -1 when nothing answers. */
    public int get(String path) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public boolean isReady() {
        return get("/q/health/ready") == 200;
    }

    /** Waits for {@code /q/health/ready}; fails with the end of the log if the process dies or time runs out. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application exited with code " + process.exitValue()
                        + " while starting; the end of " + log + ":\n" + tail(20));
            }
            if (isReady()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + url(), e);
            }
        }
        close();
        throw new IllegalStateException("the application at " + url() + " was not ready after " + timeout.toSeconds()
                + " s; the end of " + log + ":\n" + tail(20));
    }

    /** The last lines of the log. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Kills the application at once (SIGKILL), as a crash or power cut would, and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.edgeobs.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A service running as a child JVM, its output in a log file under the stack's home. */
final class ServiceProcess implements AutoCloseable {

    private final ServiceSpec spec;
    private final Process process;
    private final Path log;

    private ServiceProcess(ServiceSpec spec, Process process, Path log) {
        this.spec = spec;
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(ServiceSpec spec, Path root, Path logDir) throws IOException {
        Path jar = spec.jar(root);
        if (!Files.isRegularFile(jar)) {
            throw new StackException(spec.name() + " is not built (" + jar + " is missing): run ./edgeobs up --rebuild");
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve(spec.name() + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-Dquarkus.http.port=" + spec.port());
        command.add("-Dquarkus.http.host=127.0.0.1");
        for (Map.Entry<String, String> e : spec.config().entrySet()) {
            command.add("-D" + e.getKey() + "=" + e.getValue());
        }
        command.add("-jar");
        command.add(jar.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        return new ServiceProcess(spec, p, log);
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log's tail if the process dies first. */
    void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new StackException(spec.name() + " exited with code " + process.exitValue()
                        + " while starting; the end of " + log + ":\n" + tail(20));
            }
            if (isReady()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new StackException(spec.name() + " was not ready after " + timeout.toSeconds() + " s; see " + log
                + ":\n" + tail(20));
    }

    boolean isReady() {
        return health("/q/health/ready") == 200;
    }

    int health(String path) {
        return Health.check(spec.baseUrl() + path);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    ServiceSpec spec() {
        return spec;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Asks the service to stop (SIGTERM, so Quarkus shuts down cleanly), then kills it after the grace period. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}

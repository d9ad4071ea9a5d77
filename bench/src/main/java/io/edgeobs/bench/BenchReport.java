package io.edgeobs.bench;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Writes JMH results as a Markdown section of {@code docs/benchmarks.md}, with the machine, date, commit and the
 * command that produced them. Each benchmark class has its own section, replaced on every run.
 */
final class BenchReport {

    private final Path file;

    BenchReport(Path file) {
        this.file = file;
    }

    void write(Collection<RunResult> results, String command) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        java.util.Map<String, StringBuilder> sections = new java.util.TreeMap<>();
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            String cls = bench.substring(0, bench.lastIndexOf('.'));
            String method = bench.substring(bench.lastIndexOf('.') + 1);
            Result<?> primary = r.getPrimaryResult();
            StringBuilder rows = sections.computeIfAbsent(cls.substring(cls.lastIndexOf('.') + 1), k -> new StringBuilder());
            rows.append(String.format(Locale.ROOT, "| %s | %,.0f | ± %,.0f | %s |%n", method, primary.getScore(),
                    primary.getScoreError(), primary.getScoreUnit()));
        }
        for (var e : sections.entrySet()) {
            text = replaceSection(text, "jmh:" + e.getKey(), "### " + e.getKey() + "\n\n" + machine(command)
                    + "\n| benchmark | score | error (99.9%) | unit |\n|---|---:|---:|---|\n" + e.getValue());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        System.out.println("Wrote results to " + file.toAbsolutePath());
    }

    /** Replaces (or appends) the section between {@code <!-- key:start -->} and {@code <!-- key:end -->}. */
    static String replaceSection(String text, String key, String body) {
        String start = "<!-- " + key + ":start -->";
        String end = "<!-- " + key + ":end -->";
        String section = start + "\n" + body + end;
        int s = text.indexOf(start);
        int en = text.indexOf(end);
        return s >= 0 && en > s ? text.substring(0, s) + section + text.substring(en + end.length())
                : text.stripTrailing() + "\n\n" + section + "\n";
    }

    /** Where and when: the lines every result section starts with. */
    static String machine(String command) {
        return "- date: " + LocalDate.now(ZoneOffset.UTC) + "\n"
                + "- machine: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + ManagementFactory.getOperatingSystemMXBean().getArch() + ", "
                + (((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 30) + " GiB\n"
                + "- JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "\n"
                + "- commit: " + commit() + "\n"
                + "- command: `" + command + "`\n";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String commit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}

package io.edgeobs.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Runs JMH benchmarks (JMH's own command line options apply) and records the results in
 * {@code docs/benchmarks.md}: {@code java -jar bench/target/benchmarks.jar [jmh options] [--report FILE]}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        Path report = Path.of("docs/benchmarks.md");
        java.util.List<String> jmhArgs = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if ("--report".equals(args[i]) && i + 1 < args.length) {
                report = Path.of(args[++i]);
            } else {
                jmhArgs.add(args[i]);
            }
        }
        CommandLineOptions cli = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        Collection<RunResult> results = new Runner(new OptionsBuilder().parent(cli).build()).run();
        String command = "java -jar bench/target/benchmarks.jar " + String.join(" ",
                java.util.Arrays.stream(args).map(BenchMain::shellQuote).toList());
        new BenchReport(report).write(results, command.trim());
    }

    private static String shellQuote(String arg) {
        return arg.matches("[A-Za-z0-9_./=:,@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}

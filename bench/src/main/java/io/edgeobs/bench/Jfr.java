package io.edgeobs.bench;

import io.edgeobs.stack.EmbeddedStack;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JDK Flight Recorder on the stack's gateway and ingest service for one period (started with {@code jcmd}, so the
 * services run unchanged), then the methods found most often on top of the execution samples, per service.
 */
final class Jfr {

    private static final List<String> SERVICES = List.of("edge-gateway", "ingest-service");
    private final Map<String, Path> files;
    private final long until;

    private Jfr(Map<String, Path> files, long until) {
        this.files = files;
        this.until = until;
    }

    static Jfr start(EmbeddedStack stack, Duration length) throws IOException, InterruptedException {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String service : SERVICES) {
            Path file = Files.createTempFile("pipeline-" + service + "-", ".jfr");
            Files.deleteIfExists(file);
            Process p = new ProcessBuilder("jcmd", Long.toString(stack.pid(service)), "JFR.start", "name=pipeline-bench",
                    "settings=profile", "duration=" + length.toSeconds() + "s", "filename=" + file).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                System.out.println("jcmd JFR.start on " + service + " failed: " + out.trim());
                continue;
            }
            files.put(service, file);
        }
        return new Jfr(files, System.nanoTime() + length.toNanos() + Duration.ofSeconds(5).toNanos());
    }

    /** Per service, the top 12 methods on top of the stack with their share of the samples. */
    Map<String, List<String>> summary() throws InterruptedException {
        while (System.nanoTime() < until) {
            Thread.sleep(500);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var e : files.entrySet()) {
            Path file = e.getValue();
            for (int i = 0; i < 20 && !Files.exists(file); i++) {
                Thread.sleep(500);
            }
            try {
                Map<String, Integer> counts = new HashMap<>();
                int total = 0;
                for (RecordedEvent ev : RecordingFile.readAllEvents(file)) {
                    if (!ev.getEventType().getName().equals("jdk.ExecutionSample") || ev.getStackTrace() == null
                            || ev.getStackTrace().getFrames().isEmpty()) {
                        continue;
                    }
                    RecordedFrame top = ev.getStackTrace().getFrames().get(0);
                    counts.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1, Integer::sum);
                    total++;
                }
                int all = total;
                List<String> lines = new ArrayList<>();
                counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                        .forEach(c -> lines.add(String.format(Locale.ROOT, "%s %.1f%%", c.getKey(), 100.0 * c.getValue() / all)));
                lines.add(0, all + " samples");
                out.put(e.getKey(), lines);
            } catch (IOException ex) {
                out.put(e.getKey(), List.of("recording unreadable: " + ex.getMessage()));
            }
        }
        return out;
    }
}

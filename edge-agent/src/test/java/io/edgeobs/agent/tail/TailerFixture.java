package io.edgeobs.agent.tail;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.fail;

/** A tailer over real files in a temporary directory, driven poll by poll by the test (no threads, no sleeping). */
final class TailerFixture {

    final Path dir;
    final Path stateDir;
    final TestClock clock = new TestClock();
    final RecordingSink sink = new RecordingSink();
    final MeterRegistry registry = new SimpleMeterRegistry();
    final TailMetrics metrics = new TailMetrics(registry);
    TailSettings settings = TailSettings.defaults();

    TailerFixture(Path dir) {
        this.dir = dir;
        this.stateDir = dir.resolve("state");
    }

    SourceTailer tailer(TailSource source) {
        return new SourceTailer(source, settings, stateDir, sink,
                new LineReader(settings.maxReadPerPoll(), settings.maxLineSize()), metrics.source(source.name()), clock);
    }

    /** One scan-interval later, polls until nothing more is to be read now. */
    void round(SourceTailer tailer) {
        clock.advance(settings.scanInterval());
        for (int i = 0; i < 10_000; i++) {
            SourceTailer.PollResult r = tailer.poll();
            if (r.retryAfter().isPresent()) {
                clock.advance(r.retryAfter().get());
            } else if (!r.more()) {
                return;
            }
        }
        fail("the tailer never ran out of work");
    }

    /** Rounds until the rotate-wait has passed, so files rotated away are finished and closed. */
    void settle(SourceTailer tailer) {
        long rounds = settings.rotateWait().dividedBy(settings.scanInterval()) + 2;
        for (long i = 0; i < rounds; i++) {
            round(tailer);
        }
    }

    double counter(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    double gauge(String name, String... tags) {
        var g = registry.find(name).tags(tags).gauge();
        return g == null ? Double.NaN : g.value();
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}

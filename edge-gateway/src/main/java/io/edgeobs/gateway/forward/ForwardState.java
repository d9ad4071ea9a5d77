package io.edgeobs.gateway.forward;

import io.edgeobs.durablelog.AtomicFile;
import io.edgeobs.gateway.policy.Aggregator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where forwarding of one signal's log stands, written atomically beside the log ({@code forward.state}) before
 * the log itself is acknowledged:
 *
 * @param resumeAt    the first entry to read after a restart; entries before it are fully done (no open window
 *                    holds them)
 * @param clockBefore the log clock just before {@code resumeAt}, so a replay keeps the same time
 * @param sentUpTo    every entry before it was sent to Kafka and acknowledged: entries in {@code [resumeAt, sentUpTo)}
 *                    are read again only to rebuild open aggregation windows; what they produce is not sent again
 */
record ForwardState(long resumeAt, long clockBefore, long sentUpTo) {

    static final ForwardState START = new ForwardState(0, 0, 0);

    ForwardState {
        if (resumeAt < 0 || sentUpTo < resumeAt) {
            throw new IllegalArgumentException("forward state must have 0 <= resumeAt <= sentUpTo, was " + resumeAt
                    + ", " + sentUpTo);
        }
    }

    /**
     * The state after every entry before {@code sentUpTo} was processed and sent, with {@code clock} the log clock
     * after them: resume at the oldest entry an open window still needs, if any.
     */
    static ForwardState after(long sentUpTo, long clock, Aggregator aggregator) {
        java.util.OptionalLong pin = aggregator == null ? java.util.OptionalLong.empty() : aggregator.lowestPin();
        if (pin.isPresent() && pin.getAsLong() < sentUpTo) {
            return new ForwardState(pin.getAsLong(), aggregator.clockBefore(pin.getAsLong()), sentUpTo);
        }
        return new ForwardState(sentUpTo, clock, sentUpTo);
    }

    static ForwardState load(Path file) {
        try {
            var text = AtomicFile.read(file);
            if (text.isEmpty()) {
                return START;
            }
            Properties p = new Properties();
            p.load(new java.io.StringReader(text.get()));
            return new ForwardState(Long.parseLong(p.getProperty("resume-at", "0")),
                    Long.parseLong(p.getProperty("clock-before", "0")), Long.parseLong(p.getProperty("sent-up-to", "0")));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the forwarding state " + file + ": " + e.getMessage(), e);
        }
    }

    void write(Path file) {
        try {
            AtomicFile.write(file, "resume-at=" + resumeAt + "\nclock-before=" + clockBefore + "\nsent-up-to=" + sentUpTo
                    + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the forwarding state " + file, e);
        }
    }
}

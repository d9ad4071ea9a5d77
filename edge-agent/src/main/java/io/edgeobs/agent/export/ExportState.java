package io.edgeobs.agent.export;

import io.edgeobs.durablelog.AtomicFile;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The export position of one signal, kept in {@code export.state} beside its log and written atomically:
 * the next {@code batch_seq}, and the batch in flight (its sequence number and the log offsets it covers). A batch
 * cut once keeps its number and contents through retries and restarts, so the gateway and the ingest ledger can
 * recognise a redelivery; {@code batch_seq} never goes back.
 */
final class ExportState {

    private final Path file;
    long nextSeq = 1;
    long inFlightSeq = -1;
    long inFlightFrom;
    long inFlightTo;

    private ExportState(Path file) {
        this.file = file;
    }

    static ExportState load(Path file) {
        ExportState s = new ExportState(file);
        try {
            var text = AtomicFile.read(file);
            if (text.isPresent()) {
                Properties p = new Properties();
                p.load(new StringReader(text.get()));
                s.nextSeq = Long.parseLong(p.getProperty("next_seq", "1"));
                s.inFlightSeq = Long.parseLong(p.getProperty("in_flight_seq", "-1"));
                s.inFlightFrom = Long.parseLong(p.getProperty("in_flight_from", "0"));
                s.inFlightTo = Long.parseLong(p.getProperty("in_flight_to", "0"));
            }
            return s;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("export state " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    boolean hasInFlight() {
        return inFlightSeq >= 0;
    }

    /** Records that batch {@code seq} covers log offsets {@code [from, to]}, before it is first sent. */
    void cut(long seq, long from, long to) {
        inFlightSeq = seq;
        inFlightFrom = from;
        inFlightTo = to;
        nextSeq = seq + 1;
        save();
    }

    /** The batch in flight is done with (delivered or quarantined). */
    void done() {
        inFlightSeq = -1;
        save();
    }

    private void save() {
        try {
            AtomicFile.write(file, "next_seq=" + nextSeq + "\nin_flight_seq=" + inFlightSeq + "\nin_flight_from="
                    + inFlightFrom + "\nin_flight_to=" + inFlightTo + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write export state " + file, e);
        }
    }
}

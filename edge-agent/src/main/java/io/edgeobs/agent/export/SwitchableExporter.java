package io.edgeobs.agent.export;

import io.edgeobs.model.Batch;

/**
 * The exporter every loop calls, whose target can be replaced while running (a new manifest): the next attempt
 * goes to the new one; an attempt in progress finishes with the old one, which is then closed.
 */
final class SwitchableExporter implements Exporter {

    private volatile Exporter current;

    SwitchableExporter(Exporter initial) {
        this.current = initial;
    }

    /** Puts {@code next} in place and returns the one it replaced, for the caller to close. */
    Exporter replace(Exporter next) {
        Exporter old = current;
        current = next;
        return old;
    }

    @Override
    public ExportResult export(Batch batch, byte[] encoded) {
        return current.export(batch, encoded);
    }

    @Override
    public void close() {
        current.close();
    }
}

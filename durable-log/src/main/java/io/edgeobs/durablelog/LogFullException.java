package io.edgeobs.durablelog;

/** The log is at its budget (or the disk is full) and the append could not wait longer: push back on the source. */
public class LogFullException extends RuntimeException {

    public LogFullException(String message) {
        super(message);
    }
}

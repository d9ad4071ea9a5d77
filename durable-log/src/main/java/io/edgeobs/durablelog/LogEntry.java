package io.edgeobs.durablelog;

/**
 * One record read back from the log.
 *
 * @param offset            its position, dense and increasing from 0 over the life of the log
 * @param appendTimeMillis  when it was appended
 */
public record LogEntry(long offset, long appendTimeMillis, byte[] payload) {
}

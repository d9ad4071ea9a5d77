package io.edgeobs.durablelog;

/** What an append does when the log is at its byte budget (or the disk is full). */
public enum FullPolicy {
    /** Wait (up to the block timeout) for acknowledged segments to be deleted, then fail with {@link LogFullException}. */
    BLOCK,
    /** Evict the oldest segment, acknowledged or not, and count its unacknowledged records as dropped. */
    DROP_OLDEST
}

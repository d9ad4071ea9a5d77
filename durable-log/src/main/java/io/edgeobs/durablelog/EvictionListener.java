package io.edgeobs.durablelog;

import java.util.List;

/**
 * Told what a segment held that no consumer had acknowledged, just before the segment is deleted to stay within the
 * budget ({@code reason} "budget") or because it outlived the maximum age ("expired"). The log counts records (its
 * own entries); a caller whose entries are batches counts what is inside them here, so an operator sees how many
 * points, spans or log lines were lost, not only how many batches.
 * <p>
 * Called under the log's lock, in the append or housekeeping path, in chunks of at most about 1 MiB: keep it quick
 * and never call back into the log. When the segment cannot be read (corrupt), {@code unacknowledged} holds what could
 * be read and {@code unreadable} the number of entries that could not.
 */
@FunctionalInterface
public interface EvictionListener {

    void evicted(String reason, List<LogEntry> unacknowledged, long unreadable);
}

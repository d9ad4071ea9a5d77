package io.edgeobs.durablelog;

/**
 * When appended records reach the disk, and so what a crash can lose.
 * <ul>
 *   <li>{@code EVERY_BATCH} (default): an append returns only after an fsync covering it (group commit: one fsync
 *       serves every append that arrived while the previous one ran). A crash or power cut loses nothing that was
 *       acknowledged.</li>
 *   <li>{@code INTERVAL}: appends return once written to the page cache; a background fsync runs every
 *       {@code syncInterval}. A power cut (not a process crash) loses up to that interval.</li>
 *   <li>{@code NONE}: the operating system decides when to write back (typically within 30 s). A power cut loses up
 *       to that much; a process crash loses nothing already written.</li>
 * </ul>
 */
public enum SyncPolicy {
    EVERY_BATCH,
    INTERVAL,
    NONE
}

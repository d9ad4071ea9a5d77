package io.edgeobs.stack;

import java.io.PrintStream;

/** The launcher's terminal output: plain lines, and one status line rewritten in place on a terminal. */
final class Console {

    private static final boolean TTY = System.console() != null;
    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final long QUIET_NANOS = java.time.Duration.ofMinutes(1).toNanos();
    private static boolean statusShown;
    private static String lastStatus = "";
    private static long lastStatusAt;

    private Console() {
    }

    static synchronized void out(String line) {
        clearStatus(System.out);
        System.out.println(line);
    }

    static synchronized void err(String line) {
        clearStatus(System.out);
        System.err.println(line);
    }

    /** On a terminal, rewrites one line; in a log, prints when the status changes and otherwise once a minute. */
    static synchronized void status(String line) {
        String stamped = java.time.LocalTime.now().format(TIME) + "  " + line;
        if (TTY) {
            System.out.print("\r\033[2K" + stamped);
            System.out.flush();
            statusShown = true;
        } else if (!line.equals(lastStatus) || System.nanoTime() - lastStatusAt > QUIET_NANOS) {
            System.out.println(stamped);
            lastStatus = line;
            lastStatusAt = System.nanoTime();
        }
    }

    private static void clearStatus(PrintStream out) {
        if (statusShown) {
            out.print("\r\033[2K");
            statusShown = false;
        }
    }
}

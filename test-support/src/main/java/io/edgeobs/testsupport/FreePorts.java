package io.edgeobs.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Picks free TCP ports on the loopback interface. */
public final class FreePorts {

    private FreePorts() {
    }

    /** Ports handed out lately: the OS may offer a port again as soon as its probe socket is closed. */
    private static final java.util.Deque<Integer> RECENT = new java.util.ArrayDeque<>();
    private static final int REMEMBERED = 256;

    /**
     * A free port, never one this JVM was given in its last 256 picks, so ports picked one after another for the
     * same test (a broker's client and controller ports, a database and a service) never coincide.
     */
    public static int pick() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int p = probe();
            synchronized (RECENT) {
                if (!RECENT.contains(p)) {
                    RECENT.addLast(p);
                    if (RECENT.size() > REMEMBERED) {
                        RECENT.removeFirst();
                    }
                    return p;
                }
            }
        }
        throw new IllegalStateException("no free port on the loopback interface that was not handed out lately");
    }

    private static int probe() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }

    /** A free port that is none of {@code taken} (ports picked before and not bound yet). */
    public static int pickOtherThan(int... taken) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int p = pick();
            if (java.util.Arrays.stream(taken).noneMatch(t -> t == p)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port other than " + java.util.Arrays.toString(taken));
    }
}

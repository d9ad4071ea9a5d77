package io.edgeobs.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks up front that every port the stack needs is free, so a clash is one clear message, not a hang. */
final class Ports {

    private Ports() {
    }

    static void requireFree(Map<String, Integer> portsByUser) {
        List<String> taken = new ArrayList<>();
        portsByUser.forEach((user, port) -> {
            if (!isFree(port)) {
                taken.add(port + " (" + user + ")");
            }
        });
        if (!taken.isEmpty()) {
            throw new StackException("port(s) already in use: " + String.join(", ", taken)
                    + ". Is a stack already running (./edgeobs status)? Otherwise stop what uses them, or choose "
                    + "other ports (./edgeobs help).");
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as servers do, so a TIME_WAIT left by the last run is no clash
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

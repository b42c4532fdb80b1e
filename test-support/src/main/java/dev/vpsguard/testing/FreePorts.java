package dev.vpsguard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports for processes a test starts and that must be told their port in advance. */
public final class FreePorts {
    private FreePorts() {}

    /**
     * A TCP port on 127.0.0.1 that was free a moment ago (the kernel picked it; another process may
     * still take it before the caller binds it, which the kernel makes unlikely by cycling ports).
     */
    public static int loopback() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}

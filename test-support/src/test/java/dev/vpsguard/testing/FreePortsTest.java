package dev.vpsguard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void aFreeLoopbackPortCanBeBound() throws Exception {
        int port = FreePorts.loopback();
        assertThat(port).isBetween(1, 65535);
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }
}

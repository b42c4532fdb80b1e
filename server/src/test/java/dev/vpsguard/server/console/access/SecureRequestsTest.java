package dev.vpsguard.server.console.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecureRequestsTest {
    static final Set<InetAddress> PROXY = SecureRequests.addresses(List.of("10.0.0.5", "::1"));

    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void tlsIsHttpsWhateverTheHeaders() throws Exception {
        assertThat(SecureRequests.isHttps(true, ip("192.0.2.1"), null, Set.of())).isTrue();
        assertThat(SecureRequests.isHttps(true, ip("192.0.2.1"), "http", PROXY)).isTrue();
    }

    @Test
    void onlyATrustedProxysForwardedProtoCounts() throws Exception {
        assertThat(SecureRequests.isHttps(false, ip("10.0.0.5"), "https", PROXY)).isTrue();
        assertThat(SecureRequests.isHttps(false, ip("0:0:0:0:0:0:0:1"), "HTTPS", PROXY)).isTrue();
        // A client sending the header itself is not believed.
        assertThat(SecureRequests.isHttps(false, ip("192.0.2.1"), "https", PROXY)).isFalse();
        assertThat(SecureRequests.isHttps(false, ip("10.0.0.5"), "https", Set.of())).isFalse();
        assertThat(SecureRequests.isHttps(false, ip("10.0.0.5"), "http", PROXY)).isFalse();
        assertThat(SecureRequests.isHttps(false, ip("10.0.0.5"), null, PROXY)).isFalse();
        // Proxies append: the first value is the client-facing hop.
        assertThat(SecureRequests.isHttps(false, ip("10.0.0.5"), "https, http", PROXY)).isTrue();
        assertThat(SecureRequests.isHttps(false, ip("10.0.0.5"), "http, https", PROXY)).isFalse();
    }

    @Test
    void aProxyThatIsNotAnAddressStopsStartupNamingTheKey() {
        assertThatThrownBy(() -> SecureRequests.addresses(List.of("proxy.example")))
                .hasMessageContaining("vpsguard.console.trusted-proxies")
                .hasMessageContaining("proxy.example");
    }
}

package dev.vpsguard.agent.doctor;

import dev.vpsguard.agent.config.AgentConfig;
import dev.vpsguard.agent.report.HostCredential;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;

/** The server checks of {@code vpsguard-agent doctor}: the credential file and the server. */
public final class ServerDoctor {
    private static final int TIMEOUT_MILLIS = 3000;

    private final AgentConfig config;

    public ServerDoctor(AgentConfig config) {
        this.config = config;
    }

    /** Both checks, in the order printed. */
    public List<Check> run() {
        return List.of(credential(), server());
    }

    Check credential() {
        try {
            HostCredential c = HostCredential.read(config.server().credentialFile());
            return Check.pass(
                    "credential",
                    "host " + c.hostId() + " from " + config.server().credentialFile());
        } catch (IOException e) {
            return Check.fail("credential", e.getMessage());
        }
    }

    /**
     * Reachability only: the server has no authenticated endpoint that changes nothing yet, and
     * posting a report would consume a seq, so the credential is not verified against it.
     */
    Check server() {
        URI url = config.server().url();
        int port = url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(url.getHost(), port), TIMEOUT_MILLIS);
            return Check.pass(
                    "server",
                    url.getHost()
                            + ":"
                            + port
                            + " accepts connections (credential not verified: the server has no"
                            + " check endpoint yet)");
        } catch (IOException e) {
            return Check.fail(
                    "server", url.getHost() + ":" + port + " unreachable: " + e.getMessage());
        }
    }
}

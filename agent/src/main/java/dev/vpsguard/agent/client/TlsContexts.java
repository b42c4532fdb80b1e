package dev.vpsguard.agent.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the TLS context for talking to the server. */
public final class TlsContexts {
    private TlsContexts() {}

    /**
     * The client TLS context for {@code url}: null for http; for https, trust {@code caFile}'s PEM
     * certificates when given (a self-signed server), else the JDK's trust store.
     */
    public static SslContext forServer(URI url, Path caFile) throws IOException {
        if (!"https".equals(url.getScheme())) {
            return null;
        }
        SslContextBuilder b = SslContextBuilder.forClient();
        if (caFile != null) {
            try (InputStream in = Files.newInputStream(caFile)) {
                b.trustManager(in);
            } catch (IllegalArgumentException e) {
                throw new IOException(
                        caFile + " holds no readable PEM certificate: " + e.getMessage(), e);
            }
        }
        try {
            return b.build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IOException(
                    "cannot set up TLS"
                            + (caFile == null ? "" : " with " + caFile)
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }
}

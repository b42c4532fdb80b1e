package dev.vpsguard.agent.smtp;

/**
 * One guest's SMTP counts since the agent started, for Prometheus counters.
 *
 * @param newConnections NEW events
 * @param unreplied attempts without an answer to their SYN within the answer deadline
 * @param resetOrRefused attempts answered by an RST instead of a handshake
 * @param established attempts that reached ESTABLISHED
 * @param bytesSent original-direction bytes of ended flows (0 when accounting is off)
 */
public record SmtpTotals(
        long newConnections,
        long unreplied,
        long resetOrRefused,
        long established,
        long bytesSent) {}

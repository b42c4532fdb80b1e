package dev.vpsguard.agent.smtp;

/**
 * One guest's SMTP counts since the agent started, for Prometheus counters.
 *
 * @param newConnections NEW events
 * @param unreplied flows that ended unreplied
 * @param resetOrRefused flows that ended with an RST
 * @param established flows that reached ESTABLISHED
 * @param bytesSent original-direction bytes of ended flows (0 when accounting is off)
 */
public record SmtpTotals(
        long newConnections,
        long unreplied,
        long resetOrRefused,
        long established,
        long bytesSent) {}

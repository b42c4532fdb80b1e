package dev.vpsguard.protocol;

/**
 * The server's answer to a report.
 *
 * @param seq the report's seq
 * @param duplicate true when the server had already stored this (hostId, seq): nothing changed
 * @param desiredState the host's current desired enforcement state
 */
public record ReportReply(long seq, boolean duplicate, DesiredState desiredState) {}

package dev.vpsguard.server.ingest;

import dev.vpsguard.protocol.Report;

/**
 * Acts on a stored report inside the transaction that stored it, before the reply is built: what it
 * changes (e.g. the host's desired state) is in that reply. Throwing rolls the report back.
 */
public interface ReportListener {
    void stored(Report report, StoredReport stored);
}

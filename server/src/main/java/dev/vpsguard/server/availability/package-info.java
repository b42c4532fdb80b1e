/**
 * The availability ledger (docs/contracts.md, A1-A3): guest state episodes become outages with a
 * cause and evidence, each contract's {@link dev.vpsguard.server.availability.SlaPolicy} turns a
 * tenant's month into availability, service credit, claim window and termination right, and a
 * {@link dev.vpsguard.server.availability.LedgerBook} keeps closed months immutable. Everything
 * here is pure: time and time zone come in as arguments.
 */
package dev.vpsguard.server.availability;

/**
 * Proxmox's task log as the availability ledger needs it (docs/contracts.md, A1-A3): who started,
 * stopped or shut down each guest, and when the host booted. A pure line parser plus one thin
 * reader of the files under the host root.
 */
package dev.vpsguard.agent.tasks;

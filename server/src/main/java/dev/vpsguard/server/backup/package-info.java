/**
 * Backup compliance (docs/contracts.md, A4): from the backup facts agents report (vzdump runs and
 * the restore points on each backup storage), each guest's last successful backup, its daily
 * restore points over the contract's window, its failures, and the findings its contract implies.
 * Pure: the instant and the tenant's zone come in as arguments.
 */
package dev.vpsguard.server.backup;

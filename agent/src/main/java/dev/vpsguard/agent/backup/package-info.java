/**
 * The host's backup facts (docs/contracts.md, A4): vzdump jobs from {@code /etc/pve/jobs.cfg},
 * per-guest outcomes from vzdump task logs, and the backups present on each backup storage from
 * {@code pvesm list}. Pure line parsers, plus one thin reader that runs {@code pvesm}.
 */
package dev.vpsguard.agent.backup;

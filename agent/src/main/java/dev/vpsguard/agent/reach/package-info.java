/**
 * Whether each running VM answers from its host (docs/decisions.md, "Availability and backups"):
 * the QEMU guest agent is pinged with {@code qm guest cmd <vmid> ping} for VMs whose config enables
 * it, and a pure tracker turns the answers into a confirmed state the report carries.
 */
package dev.vpsguard.agent.reach;

/** The wire contract between the vpsguard agent and server. */
package dev.vpsguard.protocol;

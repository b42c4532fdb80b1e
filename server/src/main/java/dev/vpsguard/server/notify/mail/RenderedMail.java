package dev.vpsguard.server.notify.mail;

/**
 * A mail ready to send.
 *
 * @param subject the subject line
 * @param text the plain-text part
 * @param html the HTML part
 */
public record RenderedMail(String subject, String text, String html) {}

package dev.vpsguard.server.notify.mail;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Customer mail settings, {@code vpsguard.mail.*}.
 *
 * @param enabled whether customer mail is sent at all (off by default: no SMTP server configured)
 * @param host SMTP server host
 * @param port SMTP port; 587 (STARTTLS) by default, 465 for TLS, 25 for none
 * @param security {@code starttls} (required, default), {@code tls} (implicit), {@code none}
 * @param username SMTP login, or none for an unauthenticated relay
 * @param password SMTP password
 * @param from sender address, e.g. {@code "Hosting Abuse <abuse@example.net>"}
 * @param replyTo where customer replies go; by default the support address
 * @param supportAddress support's address, printed in every mail
 * @param templateDir directory with {@code fr/} and {@code en/} template overrides; files missing
 *     there come from the built-in templates
 * @param timeZone time zone of the dates in mails and pages
 * @param timeout SMTP connect, read and write timeout
 */
@ConfigurationProperties("vpsguard.mail")
public record MailConfiguration(
        boolean enabled,
        @Nullable String host,
        int port,
        Security security,
        @Nullable String username,
        @Nullable String password,
        @Nullable String from,
        @Nullable String replyTo,
        @Nullable String supportAddress,
        @Nullable Path templateDir,
        ZoneId timeZone,
        Duration timeout) {

    /** How the SMTP connection is protected. */
    public enum Security {
        NONE,
        STARTTLS,
        TLS
    }

    /**
     * Fails fast on a configuration that cannot send mail.
     *
     * @throws IllegalArgumentException naming the key, the value and why
     */
    public MailConfiguration validate() {
        if (!enabled) {
            return this;
        }
        require(host != null && !host.isBlank(), "host", host, "is required when mail is enabled");
        require(port > 0 && port < 65536, "port", port, "must be 1-65535");
        require(from != null && !from.isBlank(), "from", from, "is required when mail is enabled");
        require(
                supportAddress != null && !supportAddress.isBlank(),
                "support-address",
                supportAddress,
                "is required: every mail tells the customer how to reach support");
        require(
                username == null || password != null,
                "password",
                "(unset)",
                "is required when username is set");
        require(
                templateDir == null || Files.isDirectory(templateDir),
                "template-dir",
                templateDir,
                "is not a directory");
        return this;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "MailConfiguration[enabled="
                + enabled
                + ", host="
                + host
                + ", port="
                + port
                + ", security="
                + security
                + ", username="
                + username
                + ", from="
                + from
                + ", supportAddress="
                + supportAddress
                + ", templateDir="
                + templateDir
                + ", timeZone="
                + timeZone
                + "]";
    }

    /** The reply-to address: {@link #replyTo()} or else the support address. */
    public String effectiveReplyTo() {
        return replyTo != null && !replyTo.isBlank() ? replyTo : supportAddress;
    }

    private static void require(boolean ok, String key, Object value, String why) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "vpsguard.mail." + key + " = '" + value + "': " + why);
        }
    }
}

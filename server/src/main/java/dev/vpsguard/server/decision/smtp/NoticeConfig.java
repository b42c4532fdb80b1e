package dev.vpsguard.server.decision.smtp;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code vpsguard.notice.*}: what the blocked guest's mail client reads after {@code 554 5.7.1}.
 *
 * @param providerName the hosting provider's name
 * @param unblockAt where to ask for an unblock: a link or a support address
 */
@Context
@ConfigurationProperties("vpsguard.notice")
public record NoticeConfig(
        @NotBlank(message = "vpsguard.notice.provider-name is required")
                @Size(max = 100, message = "vpsguard.notice.provider-name: at most 100 characters")
                String providerName,
        @NotBlank(message = "vpsguard.notice.unblock-at is required")
                @Size(max = 200, message = "vpsguard.notice.unblock-at: at most 200 characters")
                String unblockAt) {

    /** The notice of block {@code blockId}, strike {@code strike}. */
    public String smtpBlock(int strike, String blockId) {
        return "Outbound SMTP blocked by "
                + providerName
                + " (strike "
                + strike
                + ", ticket B-"
                + blockId
                + "): spam pattern detected; request unblock at "
                + unblockAt;
    }
}

package dev.vpsguard.agent.client;

import java.nio.charset.StandardCharsets;

/**
 * A server's HTTP answer.
 *
 * @param status the status code
 * @param body the (decompressed) body, possibly empty
 */
public record HttpReply(int status, byte[] body) {
    /** The body as UTF-8 text, cut to {@code max} characters for logs. */
    public String bodyText(int max) {
        String s = new String(body, StandardCharsets.UTF_8).replace('\n', ' ');
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}

package dev.vpsguard.server.notify.mail;

import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.TemplateSet;
import dev.vpsguard.server.notify.TextFormats;
import java.time.ZoneId;
import java.util.Map;

/**
 * Renders a customer mail from {@code <lang>/<type>.txt} and {@code <lang>/<type>.html}. The text
 * template's first line is {@code Subject: ...}, then a blank line, then the body.
 */
public final class MailRenderer {
    private final TemplateSet templates;
    private final ZoneId zone;
    private final String supportAddress;

    public MailRenderer(TemplateSet templates, ZoneId zone, String supportAddress) {
        this.templates = templates;
        this.zone = zone;
        this.supportAddress = supportAddress;
    }

    /**
     * Renders {@code n} in its tenant's language.
     *
     * @throws IllegalStateException when a template is missing or broken
     */
    public RenderedMail render(Notification n) {
        Language lang = n.tenant().language();
        Map<String, Object> model = MailModel.of(n, new TextFormats(lang, zone), supportAddress);
        String name = n.type().wireName();
        model.put("lang", lang.code());
        String text = templates.render(lang, name + ".txt", model);
        int nl = text.indexOf('\n');
        String first = nl < 0 ? text : text.substring(0, nl);
        if (!first.startsWith("Subject:")) {
            throw new IllegalStateException(
                    "template " + lang.code() + "/" + name + ".txt must start with 'Subject: '");
        }
        String subject = first.substring("Subject:".length()).strip();
        model.put("subject", subject);
        String html = templates.render(lang, name + ".html", model);
        String body = nl < 0 ? "" : text.substring(nl + 1).stripLeading();
        return new RenderedMail(subject, body, html);
    }
}

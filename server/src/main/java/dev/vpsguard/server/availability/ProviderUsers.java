package dev.vpsguard.server.availability;

import java.util.List;
import java.util.Locale;

/**
 * Which Proxmox users act for the provider. An entry is a user ({@code root@pam}) or a whole realm
 * ({@code @pam}); an API token ({@code root@pam!vpsguard}) acts for its user. Everyone else
 * (customers log in through their own realm, e.g. {@code client42@pve}) is the customer.
 */
public record ProviderUsers(List<String> entries) {
    public ProviderUsers {
        entries = entries.stream().map(e -> e.strip().toLowerCase(Locale.ROOT)).toList();
        for (String e : entries) {
            if (!e.matches("[^@\\s!]*@[^@\\s!]+")) {
                throw new IllegalArgumentException(
                        "provider user '" + e + "' must be user@realm or @realm");
            }
        }
    }

    public boolean isProvider(String user) {
        String u = user.toLowerCase(Locale.ROOT);
        int bang = u.indexOf('!');
        String base = bang < 0 ? u : u.substring(0, bang);
        String realm = base.contains("@") ? base.substring(base.indexOf('@')) : "";
        return entries.contains(base) || entries.contains(realm);
    }
}

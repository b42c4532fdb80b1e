package dev.vpsguard.lab;

import java.util.List;

/**
 * One sender of the real-MTA lab ({@link RealMtaScenario}) with its ground truth: legitimate
 * senders must never be blocked, bots must be.
 *
 * @param name short name, used in reports and recorded series
 * @param vmid the guest it runs in
 * @param inSubnet whether the guest is in the host's subnet (else in the additional block)
 * @param ipv6Only whether the guest has IPv6 only
 * @param sender what hands the mail to the network
 * @param legitimate the ground truth
 * @param declared whether the operator declared the guest a mail sender
 * @param what what it sends, for people
 */
public record RealMtaProfile(
        String name,
        int vmid,
        boolean inSubnet,
        boolean ipv6Only,
        Sender sender,
        boolean legitimate,
        boolean declared,
        String what) {

    /** What sends the mail. */
    public enum Sender {
        /** Debian's Postfix in the guest, routing by domain. */
        POSTFIX,
        /** Postfix relaying everything to one smarthost ({@code relayhost}). */
        POSTFIX_SMARTHOST,
        /** Exim (Debian's exim4-daemon-light) in the guest. */
        EXIM,
        /** A bot program speaking SMTP itself ({@link LabTrafficGenerator}). */
        BOT_PROGRAM
    }

    public static final List<RealMtaProfile> ALL =
            List.of(
                    new RealMtaProfile(
                            "declared-newsletter",
                            103,
                            true,
                            false,
                            Sender.POSTFIX,
                            true,
                            true,
                            "150 mails a minute for a minute, one reader each, 77 domains in 51 networks"),
                    new RealMtaProfile(
                            "undeclared-newsletter",
                            104,
                            false,
                            false,
                            Sender.EXIM,
                            true,
                            false,
                            "45 mails a minute for a minute, one reader each, 45 domains"),
                    new RealMtaProfile(
                            "web-shop",
                            105,
                            true,
                            false,
                            Sender.POSTFIX,
                            true,
                            false,
                            "an order confirmation every 4 s to customers at 15 domains"),
                    new RealMtaProfile(
                            "small-office",
                            106,
                            false,
                            false,
                            Sender.EXIM,
                            true,
                            false,
                            "8 mails in a minute to partners, greylisted and slow MX among them"),
                    new RealMtaProfile(
                            "mailing-list",
                            107,
                            true,
                            false,
                            Sender.POSTFIX,
                            true,
                            false,
                            "2 posts to 120 subscribers at 72 domains, 15 % unknown users (550),"
                                    + " 4 dead domains"),
                    new RealMtaProfile(
                            "smarthost",
                            108,
                            true,
                            false,
                            Sender.POSTFIX_SMARTHOST,
                            true,
                            false,
                            "120 mails a minute for a minute, all through one smarthost"),
                    new RealMtaProfile(
                            "fast-bot",
                            109,
                            false,
                            false,
                            Sender.BOT_PROGRAM,
                            false,
                            false,
                            "1000 RCPT probes at 50/s to random MX in 200 networks, a quarter dead"),
                    new RealMtaProfile(
                            "low-and-slow-bot",
                            110,
                            true,
                            false,
                            Sender.BOT_PROGRAM,
                            false,
                            false,
                            "40 RCPT probes a minute for a minute, 60 % to dead MX"),
                    new RealMtaProfile(
                            "compromised-webapp",
                            111,
                            false,
                            false,
                            Sender.POSTFIX,
                            false,
                            false,
                            "a web app injecting 20 mails/s for 30 s with sendmail into the"
                                    + " guest's Postfix, random users at 340 domains, 30 % dead"),
                    new RealMtaProfile(
                            "ipv6-only-bot",
                            112,
                            false,
                            true,
                            Sender.BOT_PROGRAM,
                            false,
                            false,
                            "an IPv6-only guest (no route from the host's prefix): 1000 RCPT"
                                    + " probes at 50/s to the MX's IPv6 twins, a quarter refused"));

    public static RealMtaProfile named(String name) {
        return ALL.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no profile " + name));
    }
}

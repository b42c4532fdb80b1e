package dev.vpsguard.server.notify;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The SMTP ladder's events: blocks, the refusal rung, unblock answers and volume findings. */
public sealed interface SmtpNotification extends Notification {
    /** A new SMTP block; {@code links} holds the signed unblock link once minted. */
    record BlockCreated(
            About about,
            int strike,
            Map<String, Number> evidence,
            Block block,
            Map<String, String> links)
            implements SmtpNotification {
        public BlockCreated {
            about = about.aboutGuest();
            Objects.requireNonNull(block, "block");
            evidence = Sorted.of(evidence);
            links = Sorted.of(links);
        }

        /** A copy with one more link, e.g. the signed unblock link minted at enqueue time. */
        public BlockCreated withLink(String name, String url) {
            Map<String, String> l = new TreeMap<>(links);
            l.put(name, url);
            return new BlockCreated(about, strike, evidence, block, l);
        }
    }

    /** Support only: a block on the contract's refusal rung; its clause is the block's. */
    record RefusalRungReached(About about, int strike, Map<String, Number> evidence, Block block)
            implements SmtpNotification {
        public RefusalRungReached {
            about = about.aboutGuest();
            Objects.requireNonNull(block, "block");
            evidence = Sorted.of(evidence);
        }

        @Override
        public String clause() {
            return block.clause();
        }
    }

    /** An unblock request granted; the block it was about, when one was active. */
    record UnblockGranted(About about, int strike, Block block, String reason)
            implements SmtpNotification {
        public UnblockGranted {
            about = about.aboutGuest();
        }
    }

    /** An unblock request granted for the end of the block's minimum. */
    record UnblockScheduled(About about, int strike, Block block, String reason)
            implements SmtpNotification {
        public UnblockScheduled {
            about = about.aboutGuest();
        }
    }

    /** An unblock request refused, with why. */
    record UnblockRefused(About about, int strike, Block block, String reason)
            implements SmtpNotification {
        public UnblockRefused {
            about = about.aboutGuest();
        }
    }

    /** Unusual SMTP volume, no sign of spam: nothing blocked, the sender is asked to declare. */
    record VolumeFinding(About about, Map<String, Number> evidence, String clause, String reason)
            implements SmtpNotification {
        public VolumeFinding {
            about = about.aboutGuest();
            evidence = Sorted.of(evidence);
        }
    }
}

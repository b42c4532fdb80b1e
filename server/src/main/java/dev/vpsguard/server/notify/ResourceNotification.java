package dev.vpsguard.server.notify;

import java.util.Map;

/**
 * The resource ladder's and the actions' events: each carries a {@link Resource}, read out through
 * the {@link Notification} accessors.
 */
public sealed interface ResourceNotification extends Notification {
    /** What the event carries: action, quota, clause, evidence. */
    Resource resource();

    @Override
    default String action() {
        return resource().action();
    }

    @Override
    default String quota() {
        return resource().quota();
    }

    @Override
    default String clause() {
        return resource().clause();
    }

    @Override
    default Map<String, Number> evidence() {
        return resource().evidence();
    }

    /**
     * What a resource or action event carries.
     *
     * @param action the action type, e.g. {@code throttle_cpu}, {@code warn}
     * @param quota the quota, null for an action that is not a resource step (an SMTP block)
     * @param clause the quota's clause and, for an action, the clause allowing it (nullable)
     * @param evidence the numbers behind it
     */
    record Resource(String action, String quota, String clause, Map<String, Number> evidence) {
        public Resource {
            evidence = Sorted.of(evidence);
        }
    }

    /** A resource quota exceeded: the first step of the resource ladder, nothing enforced. */
    record ResourceWarning(About about, Resource resource, String reason)
            implements ResourceNotification {
        public ResourceWarning {
            about = about.aboutGuest();
        }
    }

    /** Support only: a destructive step waits for an operator; {@code reason} says so. */
    record ActionPendingApproval(About about, Resource resource, String reason)
            implements ResourceNotification {
        public ActionPendingApproval {
            about = about.aboutGuest();
        }
    }

    /** Support only: what a dry-run policy would have done. */
    record ActionDryRun(About about, Resource resource, String reason)
            implements ResourceNotification {
        public ActionDryRun {
            about = about.aboutGuest();
        }
    }

    /** A resource action in force: the agent acked it. */
    record ActionApplied(About about, Resource resource, String reason)
            implements ResourceNotification {
        public ActionApplied {
            about = about.aboutGuest();
        }
    }

    /** A resource action the customer was told about was lifted; {@code reason} when reinstated. */
    record ActionLifted(About about, Resource resource, String reason)
            implements ResourceNotification {
        public ActionLifted {
            about = about.aboutGuest();
        }
    }

    /** Support only: the host could not apply an action; {@code reason} is the agent's words. */
    record ActionFailed(About about, Resource resource, String reason)
            implements ResourceNotification {
        public ActionFailed {
            about = about.aboutGuest();
        }
    }
}

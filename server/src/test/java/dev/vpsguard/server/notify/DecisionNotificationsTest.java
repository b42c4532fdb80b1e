package dev.vpsguard.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.decision.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Each decision kind's function, on details shaped as the ladders publish them. */
class DecisionNotificationsTest {
    private static final Instant AT = Instant.parse("2026-03-10T14:05:00Z");
    private final List<UUID> asked = new ArrayList<>();
    private final Function<UUID, Notification.About> about =
            id -> {
                asked.add(id);
                return new Notification.About(
                        id,
                        AT,
                        new Notification.Host("h-1", "pve1"),
                        new Notification.Guest(101, "shop-web", List.of()),
                        Notification.Tenant.NONE);
            };

    private static Decision decision(String kind, String blockId, Map<String, Object> details) {
        return new Decision(kind, AT, "g-101", "h-1", 101, null, blockId, details);
    }

    private static Map<String, Object> blockDetails(String mode) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("strike", 3);
        x.put("minimumUntil", AT.plusSeconds(7 * 86400).toString());
        x.put("unblockMode", mode);
        x.put("clause", "powerpos Article 8");
        x.put("notice", "blocked");
        x.put("evidence", "{\"score\":3.5,\"rules\":\"[FAILURES]\",\"connectionsPerMinute\":412}");
        x.put("refusalStrike", 3);
        return x;
    }

    @Test
    void aBlockOnTheRefusalRungIsFollowedByStrike3ReachedWithTheBlocksClause() {
        Decision d = decision("smtp_block_started", "blk-3", blockDetails("refused"));
        List<Notification> all = DecisionNotifications.of(d, about);
        assertThat(all)
                .extracting(Notification::type)
                .containsExactly(NotificationType.BLOCK_CREATED, NotificationType.STRIKE3_REACHED);
        Notification created = all.get(0);
        assertThat(created.id()).isEqualTo(DecisionNotifications.id(d));
        assertThat(created.strike()).isEqualTo(3);
        assertThat(created.block().refusesRequests()).isTrue();
        assertThat(created.clause()).as("a block carries its clause in the block").isNull();
        assertThat(created.evidence()).containsOnlyKeys("connectionsPerMinute", "score");
        assertThat(all.get(1).clause()).isEqualTo("powerpos Article 8");
        assertThat(all.get(1).id()).isNotEqualTo(created.id());
        assertThat(all.get(1).evidence()).isEqualTo(created.evidence());
    }

    @Test
    void aBlockOnRequestIsOneNotification() {
        Decision d = decision("smtp_block_started", "blk-1", blockDetails("on_request"));
        assertThat(DecisionNotifications.of(d, about))
                .singleElement()
                .isInstanceOf(SmtpNotification.BlockCreated.class);
    }

    @Test
    void anUnblockAnswerNamesTheBlockItWasAboutAndAQueuedOneNobody() {
        Map<String, Object> x = new LinkedHashMap<>(blockDetails("refused"));
        x.put("outcome", "refused");
        x.put("reason", "third block: refused (S9)");
        x.put("requestSeq", "r-1");
        x.put("blockStartedAt", AT.minusSeconds(60).toString());
        Notification n =
                DecisionNotifications.of(decision("unblock_answered", "blk-3", x), about).get(0);
        assertThat(n).isInstanceOf(SmtpNotification.UnblockRefused.class);
        assertThat(n.reason()).isEqualTo("third block: refused (S9)");
        assertThat(n.block().startedAt()).isEqualTo(AT.minusSeconds(60));
        assertThat(n.evidence()).isEmpty();

        asked.clear();
        x.put("outcome", "queued");
        assertThat(DecisionNotifications.of(decision("unblock_answered", "blk-3", x), about))
                .isEmpty();
        assertThat(asked).as("no lookups for a decision nobody is told of").isEmpty();
    }

    @Test
    void anActionEventJoinsTheQuotasClauseAndTheActionsClause() {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("action", "throttle_cpu");
        x.put("quota", "cpu");
        x.put("clause", "unixo 5.1 / R2");
        x.put("actionClause", "mtds Art. 4 / R3");
        x.put("evidence", "{\"observed\":150.0,\"limit\":100.0}");
        x.put("reason", "waiting for an operator's approval");
        x.put("ref", "a-1:resource_action_pending:awaiting_approval:" + AT);
        Notification n =
                DecisionNotifications.of(decision("resource_action_pending", null, x), about)
                        .get(0);
        assertThat(n).isInstanceOf(ResourceNotification.ActionPendingApproval.class);
        assertThat(n.clause()).isEqualTo("unixo 5.1 / R2; mtds Art. 4 / R3");
        assertThat(n.action()).isEqualTo("throttle_cpu");
        assertThat(n.quota()).isEqualTo("cpu");
        assertThat(n.reason()).isEqualTo("waiting for an operator's approval");
        assertThat(n.strike()).isZero();
        assertThat(n.block()).isNull();
    }

    @Test
    void aVolumeFindingCarriesItsRulesClauseAndAKindWithoutNotificationNone() {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("evidence", "{\"connectionsPerMinute\":75}");
        x.put("clause", "powerpos Art. 8 / S6");
        x.put("rules", "rate");
        x.put("declared", false);
        x.put("reason", "undeclared sender above the volume thresholds");
        Notification n =
                DecisionNotifications.of(decision("smtp_volume_finding", null, x), about).get(0);
        assertThat(n.type()).isEqualTo(NotificationType.VOLUME_FINDING);
        assertThat(n.clause()).isEqualTo("powerpos Art. 8 / S6");
        assertThat(n.evidence().get("connectionsPerMinute").intValue()).isEqualTo(75);

        assertThat(
                        DecisionNotifications.of(
                                decision("smtp_block_lifted", "blk-1", Map.of("strike", 1)), about))
                .isEmpty();
    }
}

package dev.vpsguard.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditDetailTest {
    @Test
    void aReasonFollowedByEvidenceSplitsIntoTextAndAnObject() {
        AuditView.Detail d =
                AuditDetail.of(
                        "spam finding {strike 2} {\"strike\":2,\"score\":3.5,"
                                + "\"baselinePerMinute\":NaN,\"rules\":\"[FAILURES]\"}");
        assertThat(d.text()).isEqualTo("spam finding {strike 2}");
        assertThat(d.evidence().get("strike").asInt()).isEqualTo(2);
        assertThat(d.evidence().get("score").asDouble()).isEqualTo(3.5);
        assertThat(d.evidence().get("baselinePerMinute").isNull()).isTrue();
        assertThat(d.evidence().get("rules").asText()).isEqualTo("[FAILURES]");
    }

    @Test
    void plainTextStaysTextWithNoEvidence() {
        AuditView.Detail d = AuditDetail.of("tenant acme -> globex");
        assertThat(d.text()).isEqualTo("tenant acme -> globex");
        assertThat(d.evidence()).isNull();
        assertThat(AuditDetail.of("closing brace but no JSON }").evidence()).isNull();
        assertThat(AuditDetail.of("name=x{y}").text()).isEqualTo("name=x{y}");
        assertThat(AuditDetail.of(null)).isNull();
    }

    @Test
    void aDetailThatIsOnlyJsonHasAnEmptyText() {
        AuditView.Detail d = AuditDetail.of("{\"a\":1}");
        assertThat(d.text()).isEmpty();
        assertThat(d.evidence().get("a").asInt()).isEqualTo(1);
    }
}

package dev.vpsguard.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class AuditDetailTest {
    @Test
    void aReasonFollowedByEvidenceSplitsIntoTextAndAnObject() {
        ObjectNode d =
                AuditDetail.of(
                        "spam finding {strike 2} {\"strike\":2,\"score\":3.5,"
                                + "\"baselinePerMinute\":NaN,\"rules\":\"[FAILURES]\"}");
        assertThat(d.get("text").asText()).isEqualTo("spam finding {strike 2}");
        assertThat(d.get("evidence").get("strike").asInt()).isEqualTo(2);
        assertThat(d.get("evidence").get("score").asDouble()).isEqualTo(3.5);
        assertThat(d.get("evidence").get("baselinePerMinute").isNull()).isTrue();
        assertThat(d.get("evidence").get("rules").asText()).isEqualTo("[FAILURES]");
    }

    @Test
    void plainTextStaysTextWithNoEvidence() {
        ObjectNode d = AuditDetail.of("tenant acme -> globex");
        assertThat(d.get("text").asText()).isEqualTo("tenant acme -> globex");
        assertThat(d.has("evidence")).isFalse();
        assertThat(AuditDetail.of("closing brace but no JSON }").has("evidence")).isFalse();
        assertThat(AuditDetail.of("name=x{y}").get("text").asText()).isEqualTo("name=x{y}");
        assertThat(AuditDetail.of(null)).isNull();
    }

    @Test
    void aDetailThatIsOnlyJsonHasAnEmptyText() {
        ObjectNode d = AuditDetail.of("{\"a\":1}");
        assertThat(d.get("text").asText()).isEmpty();
        assertThat(d.get("evidence").get("a").asInt()).isEqualTo(1);
    }
}

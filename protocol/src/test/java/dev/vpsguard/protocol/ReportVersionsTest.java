package dev.vpsguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Version 2 added {@code agentInstance}; a version 1 report, without it, still reads. */
class ReportVersionsTest {
    private static ObjectNode fixture() throws Exception {
        return (ObjectNode) ProtocolJson.mapper().readTree(Fixtures.load(Fixtures.REPORT));
    }

    @Test
    void theCurrentVersionCarriesTheAgentInstance() throws Exception {
        Report report = ProtocolJson.read(Fixtures.load(Fixtures.REPORT), Report.class);
        assertThat(report.protocolVersion()).isEqualTo(ProtocolJson.VERSION).isEqualTo(3);
        assertThat(report.agentInstance()).isEqualTo(Samples.AGENT_INSTANCE);
    }

    @Test
    void aVersion1ReportWithoutAgentInstanceIsStillRead() throws Exception {
        ObjectNode v1 = fixture();
        v1.put("protocolVersion", 1);
        v1.remove("agentInstance");
        Report report =
                ProtocolJson.read(ProtocolJson.mapper().writeValueAsBytes(v1), Report.class);
        assertThat(report.protocolVersion()).isEqualTo(1);
        assertThat(report.agentInstance()).isNull();
        assertThat(report.seq()).isEqualTo(42);
        // Written back, it is still a version 1 document: no agentInstance appears.
        assertThat(ProtocolJson.mapper().readTree(ProtocolJson.write(report))).isEqualTo(v1);
    }

    @Test
    void aVersion1ReportMayNotCarryTheAgentInstance() throws Exception {
        ObjectNode v1 = fixture();
        v1.put("protocolVersion", 1);
        byte[] json = ProtocolJson.mapper().writeValueAsBytes(v1);
        assertThatThrownBy(() -> ProtocolJson.read(json, Report.class))
                .isInstanceOfSatisfying(
                        InvalidMessageException.class,
                        e -> {
                            assertThat(e.field()).isEqualTo("protocolVersion");
                            assertThat(e.reason()).contains("is 1, which has no agentInstance");
                        });
    }

    @Test
    void theAgentCannotBuildAVersion2ReportWithoutItsInstance() {
        Report sample = Samples.report(0);
        assertThatThrownBy(
                        () ->
                                new Report(
                                        2,
                                        sample.hostId(),
                                        sample.seq(),
                                        sample.sentAt(),
                                        sample.host(),
                                        sample.guests(),
                                        null,
                                        null,
                                        null))
                .isInstanceOfSatisfying(
                        FieldViolation.class,
                        e -> assertThat(e.getMessage()).contains("agentInstance"));
    }
}

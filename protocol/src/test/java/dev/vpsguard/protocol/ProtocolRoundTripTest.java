package dev.vpsguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolRoundTripTest {

    private static <T> T roundTrip(T message, Class<T> type) throws InvalidMessageException {
        return ProtocolJson.read(ProtocolJson.write(message), type);
    }

    @Test
    void everyMessageTypeSurvivesAWriteAndARead() throws Exception {
        assertThat(roundTrip(Samples.report(3), Report.class)).isEqualTo(Samples.report(3));
        assertThat(roundTrip(Samples.reply(), ReportReply.class)).isEqualTo(Samples.reply());
        EnrollRequest enroll = new EnrollRequest("tok", "pve1.example", "0.1.0");
        assertThat(roundTrip(enroll, EnrollRequest.class)).isEqualTo(enroll);
        EnrollResponse cred = new EnrollResponse("pve-1", "secret");
        assertThat(roundTrip(cred, EnrollResponse.class)).isEqualTo(cred);
        ErrorBody error = new ErrorBody("invalid_field", "guests[0].vmid", "must be >= 100");
        assertThat(roundTrip(error, ErrorBody.class)).isEqualTo(error);
    }

    @Test
    void nullFieldsAreOmittedOnTheWireAndReadBackAsNull() throws Exception {
        Report bare =
                new Report(
                        1,
                        "h",
                        1,
                        Samples.T0,
                        new HostSample(
                                null, null, null, null, null, null, null, null, null, null, null),
                        List.of(),
                        null,
                        null,
                        null);
        String json = new String(ProtocolJson.write(bare), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("null").doesNotContain("enforcementAck");
        assertThat(ProtocolJson.read(json.getBytes(StandardCharsets.UTF_8), Report.class))
                .isEqualTo(bare);
    }

    @Test
    void enumsTravelAsLowerCaseWords() {
        String json = new String(ProtocolJson.write(Samples.reply()), StandardCharsets.UTF_8);
        assertThat(json).contains("\"smtp_block\"").contains("\"throttle_net\"");
        String report = new String(ProtocolJson.write(Samples.report(1)), StandardCharsets.UTF_8);
        assertThat(report).contains("\"qemu\"").contains("\"running\"").contains("\"degraded\"");
    }

    @Test
    void instantsTravelAsIso8601Text() {
        String json = new String(ProtocolJson.write(Samples.report(0)), StandardCharsets.UTF_8);
        assertThat(json).contains("\"sentAt\":\"2026-11-22T10:00:00Z\"");
    }

    @Test
    void macAddressesAreLowerCased() {
        GuestNic nic = new GuestNic("net0", "tap1i0", "BC:24:11:AA:BB:CC", null, false, null);
        assertThat(nic.mac()).isEqualTo("bc:24:11:aa:bb:cc");
        assertThat(nic.ips()).isEmpty();
    }
}

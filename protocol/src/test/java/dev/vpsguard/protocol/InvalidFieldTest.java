package dev.vpsguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each invalid field of each message gets an error that names it by its JSON path. */
class InvalidFieldTest {
    private static final String REMOVE = "<remove>";

    static Stream<Arguments> invalidReports() {
        return Stream.of(
                // path to mutate, new value as JSON (or REMOVE), expected field, expected reason
                // part
                Arguments.of("protocolVersion", "4", "protocolVersion", "unsupported version 4"),
                Arguments.of("protocolVersion", "0", "protocolVersion", "unsupported version 0"),
                Arguments.of("agentInstance", REMOVE, "agentInstance", "required"),
                Arguments.of("agentInstance", "null", "agentInstance", "required"),
                Arguments.of("agentInstance", "\"pve-1\"", "agentInstance", "lower-case UUID"),
                Arguments.of(
                        "agentInstance",
                        "\"3F2B8C1E-7D4A-4E0B-9C55-0A1B2C3D4E5F\"",
                        "agentInstance",
                        "lower-case UUID"),
                Arguments.of("agentInstance", "7", "agentInstance", "string"),
                Arguments.of("protocolVersion", REMOVE, "protocolVersion", "required"),
                Arguments.of("hostId", REMOVE, "hostId", "required"),
                Arguments.of("hostId", "\"bad host\"", "hostId", "must match"),
                Arguments.of("seq", "0", "seq", "must be >= 1"),
                Arguments.of("seq", REMOVE, "seq", "required"),
                Arguments.of("seq", "\"x\"", "seq", "integer"),
                Arguments.of("seq", "1.5", "seq", "integer"),
                Arguments.of("sentAt", "\"yesterday\"", "sentAt", "ISO-8601"),
                Arguments.of("sentAt", REMOVE, "sentAt", "required"),
                Arguments.of("host", REMOVE, "host", "required"),
                Arguments.of("guests", REMOVE, "guests", "required"),
                Arguments.of("guests", "{}", "guests", "array"),
                Arguments.of("surprise", "1", "surprise", "unknown field"),
                Arguments.of("host.cpuPercent", "101", "host.cpuPercent", "between 0 and 100"),
                Arguments.of("host.load1", "-1", "host.load1", "between 0"),
                Arguments.of(
                        "host.memoryUsedBytes",
                        "99999999999999",
                        "host.memoryUsedBytes",
                        "must not exceed"),
                Arguments.of(
                        "host.filesystems[0].mount",
                        REMOVE,
                        "host.filesystems[0].mount",
                        "required"),
                Arguments.of(
                        "host.filesystems[0].usedBytes",
                        "-5",
                        "host.filesystems[0].usedBytes",
                        ">= 0"),
                Arguments.of("host.nics[0].rxBytes", REMOVE, "host.nics[0].rxBytes", "required"),
                Arguments.of("guests[1].vmid", "99", "guests[1].vmid", "between 100"),
                Arguments.of("guests[1].vmid", "100", "guests[1].vmid", "duplicate vmid 100"),
                Arguments.of("guests[0].kind", "\"kvm\"", "guests[0].kind", "must be one of"),
                Arguments.of("guests[0].status", REMOVE, "guests[0].status", "required"),
                Arguments.of("guests[0].cores", "0", "guests[0].cores", "between 1"),
                Arguments.of("guests[0].name", "\"a\\nb\"", "guests[0].name", "control"),
                Arguments.of("guests[0].nics", REMOVE, "guests[0].nics", "required"),
                Arguments.of("guests[0].nics[0].mac", "\"zz:zz\"", "guests[0].nics[0].mac", "MAC"),
                Arguments.of("guests[0].nics[0].id", "\"eth0\"", "guests[0].nics[0].id", "match"),
                Arguments.of(
                        "guests[0].nics[0].iface",
                        "\"averyveryverylongname\"",
                        "guests[0].nics[0].iface",
                        "match"),
                Arguments.of(
                        "guests[0].nics[0].ips[1]",
                        "\"mail.example.com\"",
                        "guests[0].nics[0].ips[1]",
                        "IPv4 or IPv6"),
                Arguments.of(
                        "guests[0].nics[0].ips[0]",
                        "\"256.1.1.1\"",
                        "guests[0].nics[0].ips[0]",
                        "IPv4 or IPv6"),
                Arguments.of(
                        "guests[0].usage.cpuCores", "-0.5", "guests[0].usage.cpuCores", "between"),
                Arguments.of(
                        "guests[0].smtp.newConnections",
                        "-1",
                        "guests[0].smtp.newConnections",
                        ">= 0"),
                Arguments.of(
                        "guests[0].smtp.unreplied", REMOVE, "guests[0].smtp.unreplied", "required"),
                Arguments.of(
                        "guests[0].flows.newFlows", REMOVE, "guests[0].flows.newFlows", "required"),
                Arguments.of("guests[0].flows.failed", "-1", "guests[0].flows.failed", ">= 0"),
                Arguments.of(
                        "guests[0].flows.maxPortsOnOneDestination",
                        "31",
                        "guests[0].flows.maxPortsOnOneDestination",
                        "must not exceed"),
                Arguments.of(
                        "guests[0].flows.maxDestinationsOnOnePort",
                        "13",
                        "guests[0].flows.maxDestinationsOnOnePort",
                        "must not exceed"),
                Arguments.of(
                        "guests[0].flows.services[0].port",
                        "0",
                        "guests[0].flows.services[0].port",
                        "between 1"),
                Arguments.of(
                        "guests[0].flows.services[0].maxAttemptsToOneDestination",
                        "9",
                        "guests[0].flows.services[0].maxAttemptsToOneDestination",
                        "must not exceed"),
                Arguments.of(
                        "guests[0].smtp.end",
                        "\"2020-01-01T00:00:00Z\"",
                        "guests[0].smtp.end",
                        "before start"),
                Arguments.of(
                        "guests[0].smtp.distinctPrefixes",
                        "1000",
                        "guests[0].smtp.distinctPrefixes",
                        "must not exceed"),
                Arguments.of(
                        "guests[0].smtp.recent.prefixes",
                        "15",
                        "guests[0].smtp.recent.prefixes",
                        "must not exceed"),
                Arguments.of(
                        "guests[0].smtp.recent.since",
                        REMOVE,
                        "guests[0].smtp.recent.since",
                        "required"),
                Arguments.of(
                        "guests[0].smtp.recent.destinations",
                        "-1",
                        "guests[0].smtp.recent.destinations",
                        ">= 0"),
                Arguments.of(
                        "guests[0].smtp.recent.since",
                        "\"2026-11-22T10:00:06Z\"",
                        "guests[0].smtp.recent.since",
                        "after end"),
                Arguments.of(
                        "unattributedSmtp.start", REMOVE, "unattributedSmtp.start", "required"),
                Arguments.of(
                        "enforcementAck.stateVersion", "-1", "enforcementAck.stateVersion", ">= 0"),
                Arguments.of(
                        "enforcementAck.results[1].status",
                        "\"done\"",
                        "enforcementAck.results[1].status",
                        "must be one of"),
                Arguments.of(
                        "enforcementAck.results[0].actionId",
                        "\"\"",
                        "enforcementAck.results[0].actionId",
                        "blank"),
                Arguments.of(
                        "enforcementAck.results[0].at",
                        REMOVE,
                        "enforcementAck.results[0].at",
                        "required"),
                // No coercion: a quoted number, a bare number or a 0/1 is the wrong type.
                Arguments.of("seq", "\"5\"", "seq", "expected an integer"),
                Arguments.of("hostId", "5", "hostId", "expected a string"),
                Arguments.of("host.load5", "\"0.4\"", "host.load5", "expected a number"),
                Arguments.of(
                        "guests[0].nics[0].firewall",
                        "1",
                        "guests[0].nics[0].firewall",
                        "true or false"),
                Arguments.of(
                        "guests[0].nics[0].firewall",
                        REMOVE,
                        "guests[0].nics[0].firewall",
                        "required"),
                // Instants are ISO-8601 text only: no epoch numbers, no empty string.
                Arguments.of("sentAt", "1763805600", "sentAt", "not a valid ISO-8601 instant"),
                Arguments.of("sentAt", "\"\"", "sentAt", "not a valid ISO-8601 instant"),
                Arguments.of("seq", "99999999999999999999", "seq", "out of range"),
                Arguments.of("host.cpuCount", "3000000000", "host.cpuCount", "out of range"),
                Arguments.of(
                        "host.filesystems[0].usedBytes",
                        "1001",
                        "host.filesystems[0].usedBytes",
                        "must not exceed totalBytes"),
                Arguments.of(
                        "host.filesystems[0].mount",
                        REMOVE,
                        "host.filesystems[0].mount",
                        "required"),
                Arguments.of(
                        "host.memoryUsedBytes",
                        "68719476737",
                        "host.memoryUsedBytes",
                        "must not exceed memoryTotalBytes"),
                Arguments.of("host.nics[0].txBytes", "-1", "host.nics[0].txBytes", ">= 0"),
                Arguments.of(
                        "host.nics[0].rxBytesPerSec",
                        "1e400",
                        "host.nics[0].rxBytesPerSec",
                        "finite"),
                Arguments.of("guests[0]", "null", "guests[0]", "must not be null"),
                Arguments.of("guests[0].vmid", "1000000000", "guests[0].vmid", "between 100"),
                Arguments.of("guests[0].kind", "\"\"", "guests[0].kind", "qemu, lxc"),
                Arguments.of("guests[0].usage.bogus", "1", "guests[0].usage.bogus", "unknown"),
                Arguments.of(
                        "guests[0].usage.memoryUsedBytes",
                        "-5",
                        "guests[0].usage.memoryUsedBytes",
                        ">= 0"),
                Arguments.of(
                        "guests[0].nics[0].ips[0]",
                        "\"010.0.0.1\"",
                        "guests[0].nics[0].ips[0]",
                        "IPv4 or IPv6"),
                Arguments.of(
                        "guests[0].nics[0].ips[1]",
                        "\"fe80::1%eth0\"",
                        "guests[0].nics[0].ips[1]",
                        "IPv4 or IPv6"),
                Arguments.of(
                        "guests[1].nics[0].mac",
                        "\"bc-24-11-aa-bb-cc\"",
                        "guests[1].nics[0].mac",
                        "MAC"),
                Arguments.of(
                        "guests[1].smtp.established",
                        "1.0",
                        "guests[1].smtp.established",
                        "expected an integer"),
                Arguments.of("guests[1].smtp.bytesSent", "-1", "guests[1].smtp.bytesSent", ">= 0"),
                Arguments.of(
                        "enforcementAck.results", REMOVE, "enforcementAck.results", "required"),
                Arguments.of(
                        "enforcementAck.results[1].detail",
                        "\"" + "x".repeat(2049) + "\"",
                        "enforcementAck.results[1].detail",
                        "at most 2048"));
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @MethodSource("invalidReports")
    void invalidReportFieldIsNamed(String path, String value, String field, String reason)
            throws Exception {
        byte[] json = mutate(Fixtures.load(Fixtures.REPORT), path, value);
        assertThatThrownBy(() -> ProtocolJson.read(json, Report.class))
                .isInstanceOfSatisfying(
                        InvalidMessageException.class,
                        e -> {
                            assertThat(e.field()).isEqualTo(field);
                            assertThat(e.reason()).containsIgnoringCase(reason);
                        });
    }

    static Stream<Arguments> invalidReplies() {
        return Stream.of(
                Arguments.of("desiredState", REMOVE, "desiredState", "required"),
                Arguments.of("desiredState.version", "-1", "desiredState.version", ">= 0"),
                Arguments.of(
                        "desiredState.actions[0].type",
                        "\"nuke\"",
                        "desiredState.actions[0].type",
                        "must be one of"),
                Arguments.of(
                        "desiredState.actions[1].id",
                        "\"b-1\"",
                        "desiredState.actions[1].id",
                        "duplicate id"),
                Arguments.of(
                        "desiredState.actions[1].rateBytesPerSec",
                        "0",
                        "desiredState.actions[1].rateBytesPerSec",
                        ">= 1"),
                Arguments.of(
                        "desiredState.actions[2].allowedDestinations[1]",
                        "\"2001:db8::/200\"",
                        "desiredState.actions[2].allowedDestinations[1]",
                        "CIDR"),
                Arguments.of(
                        "desiredState.actions[0].notice",
                        "\"line1\\r\\nline2\"",
                        "desiredState.actions[0].notice",
                        "control"),
                Arguments.of(
                        "desiredState.actions[0].notice",
                        "\"" + "n".repeat(513) + "\"",
                        "desiredState.actions[0].notice",
                        "at most 512"),
                Arguments.of(
                        "desiredState.actions[0].cpuLimitCores",
                        "0",
                        "desiredState.actions[0].cpuLimitCores",
                        "between 0.01"),
                Arguments.of(
                        "desiredState.actions[0].vmid",
                        REMOVE,
                        "desiredState.actions[0].vmid",
                        "required"),
                Arguments.of(
                        "desiredState.actions[2].allowedDestinations[0]",
                        "\"mx.example.com\"",
                        "desiredState.actions[2].allowedDestinations[0]",
                        "CIDR"),
                Arguments.of(
                        "desiredState.issuedAt",
                        "\"2026-13-01T00:00:00Z\"",
                        "desiredState.issuedAt",
                        "not a valid ISO-8601 instant"),
                Arguments.of("desiredState.actions", "{}", "desiredState.actions", "array"),
                Arguments.of(
                        "desiredState.actions[3].blockedPorts.outboundTcp[1]",
                        "\"139-135\"",
                        "desiredState.actions[3].blockedPorts.outboundTcp[1]",
                        "low <= high"),
                Arguments.of(
                        "desiredState.actions[3].blockedPorts.inboundTcp[0]",
                        "\"70000\"",
                        "desiredState.actions[3].blockedPorts.inboundTcp[0]",
                        "1..65535"),
                Arguments.of(
                        "desiredState.actions[3].blockedPorts.outboundUdp[0]",
                        "\"netbios\"",
                        "desiredState.actions[3].blockedPorts.outboundUdp[0]",
                        "range like"),
                Arguments.of(
                        "desiredState.actions[3].udpLimit.burstPackets",
                        "0",
                        "desiredState.actions[3].udpLimit.burstPackets",
                        "between 1"),
                Arguments.of(
                        "desiredState.actions[3].icmpLimit.packetsPerSec",
                        REMOVE,
                        "desiredState.actions[3].icmpLimit.packetsPerSec",
                        "required"),
                Arguments.of("duplicate", "\"no\"", "duplicate", "true or false"),
                Arguments.of("seq", "0", "seq", ">= 1"));
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @MethodSource("invalidReplies")
    void invalidReplyFieldIsNamed(String path, String value, String field, String reason)
            throws Exception {
        byte[] json = mutate(Fixtures.load(Fixtures.REPLY), path, value);
        assertThatThrownBy(() -> ProtocolJson.read(json, ReportReply.class))
                .isInstanceOfSatisfying(
                        InvalidMessageException.class,
                        e -> {
                            assertThat(e.field()).isEqualTo(field);
                            assertThat(e.reason()).containsIgnoringCase(reason);
                        });
    }

    static Stream<Arguments> invalidEnrollRequests() {
        return Stream.of(
                Arguments.of("token", REMOVE, "token", "required"),
                Arguments.of("token", "\" \"", "token", "blank"),
                Arguments.of("token", "\"" + "t".repeat(257) + "\"", "token", "at most 256"),
                Arguments.of("hostname", "null", "hostname", "required"),
                Arguments.of("hostname", "\"pve\\u0000\"", "hostname", "control"),
                Arguments.of("agentVersion", "[]", "agentVersion", "expected a string"),
                Arguments.of("credential", "\"x\"", "credential", "unknown field"));
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @MethodSource("invalidEnrollRequests")
    void invalidEnrollRequestFieldIsNamed(String path, String value, String field, String reason)
            throws Exception {
        byte[] json = mutate(Fixtures.load(Fixtures.ENROLL_REQUEST), path, value);
        assertThatThrownBy(() -> ProtocolJson.read(json, EnrollRequest.class))
                .isInstanceOfSatisfying(
                        InvalidMessageException.class,
                        e -> {
                            assertThat(e.field()).isEqualTo(field);
                            assertThat(e.reason()).containsIgnoringCase(reason);
                        });
    }

    @Test
    void duplicateKeyIsNamedByItsPath() {
        String json =
                new String(Fixtures.load(Fixtures.REPORT), StandardCharsets.UTF_8)
                        .replaceFirst(
                                "\"established\" : 7", "\"established\" : 7, \"unreplied\" : 0");
        assertThatThrownBy(
                        () ->
                                ProtocolJson.read(
                                        json.getBytes(StandardCharsets.UTF_8), Report.class))
                .isInstanceOfSatisfying(
                        InvalidMessageException.class,
                        e -> {
                            assertThat(e.field()).isEqualTo("guests[0].smtp.unreplied");
                            assertThat(e.reason()).isEqualTo("duplicate field");
                        });
    }

    @Test
    void malformedJsonInsideANestedObjectNamesNoFieldButSaysWhere() {
        String json =
                new String(Fixtures.load(Fixtures.REPORT), StandardCharsets.UTF_8)
                        .replaceFirst("\"kind\" : \"qemu\"", "\"kind\" : qemu");
        assertThatThrownBy(
                        () ->
                                ProtocolJson.read(
                                        json.getBytes(StandardCharsets.UTF_8), Report.class))
                .isInstanceOfSatisfying(
                        InvalidMessageException.class,
                        e -> {
                            assertThat(e.field()).isNull();
                            assertThat(e.reason())
                                    .matches("malformed JSON at line \\d+ column \\d+");
                        });
    }

    @Test
    void overlongStringIsRejectedWithoutNamingAField() {
        String json =
                "{\"token\":\""
                        + "t".repeat(ProtocolJson.MAX_STRING + 1)
                        + "\",\"hostname\":\"h\"}";
        assertThatThrownBy(
                        () ->
                                ProtocolJson.read(
                                        json.getBytes(StandardCharsets.UTF_8), EnrollRequest.class))
                .isInstanceOfSatisfying(
                        InvalidMessageException.class,
                        e -> assertThat(e.reason()).contains("too large"));
    }

    @Test
    void enrollRequestWithoutTokenNamesToken() {
        byte[] json = "{\"hostname\":\"pve1\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ProtocolJson.read(json, EnrollRequest.class))
                .isInstanceOfSatisfying(
                        InvalidMessageException.class,
                        e -> assertThat(e.field()).isEqualTo("token"));
    }

    @Test
    void malformedJsonSaysWhereAndNamesNoField() {
        byte[] json = "{\"seq\": 1,".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ProtocolJson.read(json, Report.class))
                .isInstanceOfSatisfying(
                        InvalidMessageException.class,
                        e -> {
                            assertThat(e.field()).isNull();
                            assertThat(e.reason()).contains("malformed JSON at line 1");
                        });
    }

    @Test
    void trailingDataIsRejected() throws Exception {
        byte[] json =
                (new String(ProtocolJson.write(Samples.report(0)), StandardCharsets.UTF_8) + " {}")
                        .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ProtocolJson.read(json, Report.class))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void emptyBodyIsRejected() {
        assertThatThrownBy(() -> ProtocolJson.read(new byte[0], Report.class))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("empty body");
    }

    @Test
    void theDocumentNullIsRejected() {
        for (Class<?> type : new Class<?>[] {Report.class, EnrollRequest.class}) {
            assertThatThrownBy(
                            () ->
                                    ProtocolJson.read(
                                            "null"
                                                    .getBytes(
                                                            java.nio.charset.StandardCharsets
                                                                    .UTF_8),
                                            type))
                    .isInstanceOf(InvalidMessageException.class)
                    .hasMessageContaining("expected a JSON object");
        }
    }

    @Test
    void deeplyNestedInputIsRejectedEarly() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        byte[] json = ("{\"guests\":" + deep + "}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ProtocolJson.read(json, Report.class))
                .isInstanceOf(InvalidMessageException.class);
        // The schema fails on the second '[' already; the parser's own limit guards any tree read.
        assertThatThrownBy(() -> ProtocolJson.mapper().readTree(json))
                .hasMessageContaining("Document nesting depth")
                .hasMessageContaining("exceeds the maximum allowed (" + ProtocolJson.MAX_NESTING);
    }

    @Test
    void reportWithTheMaximumNumberOfGuestsParses() throws Exception {
        Report big = Samples.report(Report.MAX_GUESTS);
        assertThat(ProtocolJson.read(ProtocolJson.write(big), Report.class).guests())
                .hasSize(Report.MAX_GUESTS);
    }

    @Test
    void reportWithOneGuestTooManyNamesGuests() throws Exception {
        ObjectNode doc =
                (ObjectNode)
                        ProtocolJson.mapper()
                                .readTree(ProtocolJson.write(Samples.report(Report.MAX_GUESTS)));
        ArrayNode guests = (ArrayNode) doc.get("guests");
        guests.add(ProtocolJson.mapper().valueToTree(Samples.guest(100 + Report.MAX_GUESTS)));
        byte[] json = ProtocolJson.mapper().writeValueAsBytes(doc);
        assertThatThrownBy(() -> ProtocolJson.read(json, Report.class))
                .isInstanceOfSatisfying(
                        InvalidMessageException.class,
                        e -> {
                            assertThat(e.field()).isEqualTo("guests");
                            assertThat(e.reason()).contains("at most 5000");
                        });
    }

    /** Sets (or removes) the node at a simple path such as {@code guests[0].nics[0].mac}. */
    static byte[] mutate(byte[] json, String path, String value) throws Exception {
        JsonNode root = ProtocolJson.mapper().readTree(json);
        String[] steps = path.split("\\.");
        JsonNode parent = root;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = step(parent, steps[i]);
        }
        String last = steps[steps.length - 1];
        JsonNode newValue = REMOVE.equals(value) ? null : ProtocolJson.mapper().readTree(value);
        int bracket = last.indexOf('[');
        if (bracket >= 0) {
            ArrayNode array = (ArrayNode) step(parent, last.substring(0, bracket));
            int index = Integer.parseInt(last.substring(bracket + 1, last.length() - 1));
            if (newValue == null) {
                array.remove(index);
            } else {
                array.set(index, newValue);
            }
        } else if (newValue == null) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ObjectNode) parent).set(last, newValue);
        }
        return ProtocolJson.mapper().writeValueAsBytes(root);
    }

    private static JsonNode step(JsonNode node, String step) {
        int bracket = step.indexOf('[');
        if (bracket < 0) {
            return node.get(step);
        }
        JsonNode array = node.get(step.substring(0, bracket));
        return array.get(Integer.parseInt(step.substring(bracket + 1, step.length() - 1)));
    }
}

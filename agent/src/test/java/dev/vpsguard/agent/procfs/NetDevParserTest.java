package dev.vpsguard.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetDevParserTest {
    private static List<String> capture() throws IOException {
        try (InputStream in =
                NetDevParserTest.class.getResourceAsStream("/procfs/net-dev-debian12.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void readsBytesAndPacketsOfEveryInterfaceOfARealCapture() throws IOException {
        var devs = NetDevParser.parse(capture());
        assertThat(devs).containsOnlyKeys("lo", "ifb0", "ifb1", "eth0");
        assertThat(devs.get("eth0"))
                .isEqualTo(new NetDevParser.NetDev(346738031L, 1139796L, 10192L, 8549L));
        assertThat(devs.get("ifb0")).isEqualTo(new NetDevParser.NetDev(0, 0, 0, 0));
    }

    @Test
    void skipsLinesItCannotReadAndKeepsTheOthers() {
        var devs =
                NetDevParser.parse(
                        List.of(
                                "tap100i0: 1 2 3",
                                "tap101i0: x 2 0 0 0 0 0 0 4 5 0 0 0 0 0 0",
                                "veth102i0:10 20 0 0 0 0 0 0 30 40 0 0 0 0 0 0",
                                ": 1 2 0 0 0 0 0 0 3 4 0 0 0 0 0 0"));
        assertThat(devs).containsOnlyKeys("veth102i0");
        assertThat(devs.get("veth102i0")).isEqualTo(new NetDevParser.NetDev(10, 30, 20, 40));
    }
}

package dev.vpsguard.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.inventory.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupParserTest {
    private static final String VM100 = "sys/fs/cgroup/qemu.slice/100.scope/";

    @Test
    void cpuStatGivesUsageUserAndSystemMicroseconds() throws IOException {
        var cpu = CgroupParser.parseCpuStat(Fixtures.lines(VM100 + "cpu.stat"));
        assertThat(cpu).isEqualTo(new CgroupParser.CpuStat(8123456789L, 6012345678L, 2111111111L));
    }

    @Test
    void cpuStatWithoutUsageFallsBackToUserPlusSystem() {
        var cpu = CgroupParser.parseCpuStat(List.of("user_usec 10", "system_usec 5"));
        assertThat(cpu.usageUsec()).isEqualTo(15L);
    }

    @Test
    void ioStatSumsEveryDeviceAndIgnoresDiscards() throws IOException {
        var io = CgroupParser.parseIoStat(Fixtures.lines(VM100 + "io.stat"));
        assertThat(io)
                .isEqualTo(
                        new CgroupParser.IoStat(
                                1163264L + 4813033472L, 9663447040L, 42L + 160211L, 1203442L));
    }

    @Test
    void emptyIoStatMeansNoIoYet() {
        assertThat(CgroupParser.parseIoStat(List.of()))
                .isEqualTo(new CgroupParser.IoStat(0, 0, 0, 0));
    }

    @Test
    void memoryFilesGiveBytesAndMaxMeansUnlimited() throws IOException {
        assertThat(CgroupParser.parseCounter(Fixtures.lines(VM100 + "memory.current")))
                .isEqualTo(2241396736L);
        assertThat(CgroupParser.parseMemoryStatFile(Fixtures.lines(VM100 + "memory.stat")))
                .isEqualTo(156491776L); // the "file" line, not file_mapped/file_dirty
        assertThat(CgroupParser.parseMemoryMax(Fixtures.lines(VM100 + "memory.max"))).isNull();
        assertThat(CgroupParser.parseMemoryMax(Fixtures.lines("sys/fs/cgroup/lxc/200/memory.max")))
                .isEqualTo(1073741824L);
    }

    @Test
    void theCapturedFilesReadAsBytesGiveTheSameFiguresAsTheirLines() throws IOException {
        byte[] cpu = Files.readAllBytes(Fixtures.pveHost().resolve(VM100 + "cpu.stat"));
        byte[] io = Files.readAllBytes(Fixtures.pveHost().resolve(VM100 + "io.stat"));
        byte[] stat = Files.readAllBytes(Fixtures.pveHost().resolve(VM100 + "memory.stat"));
        byte[] current = Files.readAllBytes(Fixtures.pveHost().resolve(VM100 + "memory.current"));
        // a reused buffer holds a longer earlier file after the current one's length
        byte[] padded = Arrays.copyOf(cpu, cpu.length + 64);
        Arrays.fill(padded, cpu.length, padded.length, (byte) '9');
        assertThat(CgroupParser.parseCpuStat(padded, cpu.length))
                .isEqualTo(CgroupParser.parseCpuStat(Fixtures.lines(VM100 + "cpu.stat")));
        assertThat(CgroupParser.parseIoStat(io, io.length))
                .isEqualTo(CgroupParser.parseIoStat(Fixtures.lines(VM100 + "io.stat")));
        assertThat(CgroupParser.parseMemoryStatFile(stat, stat.length)).isEqualTo(156491776L);
        assertThat(CgroupParser.parseCounter(current, current.length)).isEqualTo(2241396736L);
    }

    @Test
    void truncatedAndGarbageFilesGiveNoFigure() {
        assertThat(CgroupParser.parseCounter(List.of())).isNull();
        assertThat(CgroupParser.parseCounter(List.of(""))).isNull();
        assertThat(CgroupParser.parseCounter(List.of("12ab"))).isNull();
        assertThat(CgroupParser.parseCounter(List.of("-5"))).isNull();
        assertThat(CgroupParser.parseCounter(List.of("99999999999999999999"))).isNull();
        assertThat(CgroupParser.parseCpuStat(List.of("usage_usec")))
                .isEqualTo(new CgroupParser.CpuStat(null, null, null));
        assertThat(CgroupParser.parseMemoryStatFile(List.of("anon 5", "fil"))).isNull();
        // a line cut mid-field keeps the fields that are whole
        assertThat(
                        CgroupParser.parseIoStat(
                                List.of("8:0 rbytes=100 wbytes=2", "8:16 rbytes=5 wby")))
                .isEqualTo(new CgroupParser.IoStat(105, 2, 0, 0));
        assertThat(CgroupParser.parseIoStat(List.of("garbage rbytes=100", "x:y rbytes=1")))
                .isEqualTo(new CgroupParser.IoStat(0, 0, 0, 0));
    }

    @Test
    void ioStatSumsSaturateInsteadOfWrapping() {
        var io =
                CgroupParser.parseIoStat(
                        List.of(
                                "8:0 rbytes=9223372036854775807",
                                "8:16 rbytes=9223372036854775807"));
        assertThat(io.readBytes()).isEqualTo(Long.MAX_VALUE);
    }
}

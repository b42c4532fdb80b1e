package dev.vpsguard.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * The four {@code conntrack -E} commands the agent ran before the kernel counted, run alone in the
 * hypervisor namespace, so a storm's cost to them can be set beside the agent's.
 */
final class ConntrackAlone implements AutoCloseable {
    private final List<LabProcess> commands = new ArrayList<>();

    ConntrackAlone(Lab lab) {
        for (List<String> command : dev.vpsguard.agent.smtp.ConntrackEventSource.DEFAULT_COMMANDS) {
            List<String> argv = new ArrayList<>(command);
            argv.set(0, LabPrerequisites.tool("conntrack"));
            commands.add(lab.spawn(lab.hv(), argv.toArray(String[]::new)));
        }
    }

    /** Their utime + stime so far, in clock ticks. */
    long ticks() {
        return commands.stream().mapToLong(c -> ProcCpu.ticks(c.pid())).sum();
    }

    /** ENOBUFS lines they printed so far. */
    long overruns() {
        return commands.stream()
                .mapToLong(c -> c.output().lines().filter(l -> l.contains("ENOBUFS")).count())
                .sum();
    }

    /** The agent's JVM and its nft session, in clock ticks. */
    static long agentTicks(LabAgent agent) {
        return ProcCpu.ticks(agent.agent().pid())
                + agent.nftSessions().stream().mapToLong(c -> ProcCpu.ticks(c.pid())).sum();
    }

    @Override
    public void close() {
        commands.forEach(LabProcess::stop);
    }
}

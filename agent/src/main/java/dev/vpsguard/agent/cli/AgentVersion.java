package dev.vpsguard.agent.cli;

import picocli.CommandLine;

/** The agent's version, from the jar manifest ({@code dev} when run from classes). */
public final class AgentVersion implements CommandLine.IVersionProvider {
    /** The version string, e.g. {@code 0.1.0}. */
    public static String get() {
        String v = AgentVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"vpsguard-agent " + get()};
    }
}

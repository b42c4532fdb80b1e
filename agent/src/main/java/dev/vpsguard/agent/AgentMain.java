package dev.vpsguard.agent;

/** Entry point of the vpsguard agent. */
public final class AgentMain {
    private AgentMain() {}

    public static void main(String[] args) {}
}

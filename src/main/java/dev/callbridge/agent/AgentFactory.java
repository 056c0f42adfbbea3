package dev.callbridge.agent;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Makes one agent per call, by the name given in {@code AGENT} or on {@code POST /api/calls}. */
public final class AgentFactory {
    private final Map<String, Supplier<Agent>> agents;
    private final String defaultAgent;

    public AgentFactory(Map<String, Supplier<Agent>> agents, String defaultAgent) {
        if (!agents.containsKey(defaultAgent)) throw new IllegalArgumentException("no agent named " + defaultAgent);
        this.agents = Map.copyOf(agents);
        this.defaultAgent = defaultAgent;
    }

    public String defaultAgent() {
        return defaultAgent;
    }

    public Set<String> names() {
        return agents.keySet();
    }

    public Agent create(String name) {
        Supplier<Agent> s = agents.get(name == null ? defaultAgent : name);
        if (s == null) throw new IllegalArgumentException("unknown agent '" + name + "'");
        return s.get();
    }
}

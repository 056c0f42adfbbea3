package dev.callbridge.api;

import java.util.Set;

/** What {@code POST /api/calls} fills in when the body leaves it out, and the agents it may name. */
public record CallDefaults(String from, Set<String> agents, String agent) {}

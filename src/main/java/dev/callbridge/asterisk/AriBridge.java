package dev.callbridge.asterisk;

import java.util.List;
import java.util.Objects;

/**
 * ARI's Bridge model, reduced to what a gateway checks.
 *
 * @param technology e.g. {@code simple_bridge}
 * @param bridgeType the wire's {@code bridge_type}, e.g. {@code mixing}
 * @param channels   ids of the channels in the bridge now
 */
public record AriBridge(String id, String technology, String bridgeType, List<String> channels) {
    public AriBridge {
        Objects.requireNonNull(id, "id");
        technology = Objects.requireNonNullElse(technology, "");
        bridgeType = Objects.requireNonNullElse(bridgeType, "");
        channels = channels == null ? List.of() : List.copyOf(channels);
    }
}

package dev.callbridge.webhook;

import java.util.Map;
import java.util.Optional;

/**
 * Finds the target for a row's receiver key: a configured subscription by its URL, or one of the
 * gateway's own receivers by its name ({@code whatsapp:call-summary}). A row whose receiver is no
 * longer configured finds none and is dead.
 */
public final class DeliveryTargets {
    private final WebhookSettings settings;
    private final WebhookSender sender;
    private final Map<String, DeliveryTarget> internal;

    /** @param internal the gateway's own receivers by key; their keys are not URLs, so they never meet a subscription's */
    public DeliveryTargets(WebhookSettings settings, WebhookSender sender, Map<String, DeliveryTarget> internal) {
        this.settings = settings;
        this.sender = sender;
        this.internal = Map.copyOf(internal);
    }

    /** Whether any row can ever be written, so whether the worker is needed. */
    public boolean any() {
        return settings.enabled() || !internal.isEmpty();
    }

    public Optional<DeliveryTarget> find(String key) {
        DeliveryTarget own = internal.get(key);
        if (own != null) return Optional.of(own);
        return settings.find(key).map(s -> d -> sender.send(s, d));
    }
}

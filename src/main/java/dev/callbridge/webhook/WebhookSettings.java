package dev.callbridge.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * @param subscriptions from {@code WEBHOOKS_FILE} or {@code WEBHOOK_URL}; empty when neither is set
 * @param retryFor      a row not delivered this long after its event is dead ({@code WEBHOOK_RETRY_HOURS})
 */
public record WebhookSettings(List<WebhookSubscription> subscriptions, Duration retryFor) {
    public static final Duration DEFAULT_RETRY_FOR = Duration.ofHours(24);
    public static final WebhookSettings NONE = new WebhookSettings(List.of(), DEFAULT_RETRY_FOR);

    public WebhookSettings {
        subscriptions = List.copyOf(subscriptions);
    }

    public boolean enabled() {
        return !subscriptions.isEmpty();
    }

    public Optional<WebhookSubscription> find(String key) {
        return subscriptions.stream().filter(s -> s.key().equals(key)).findFirst();
    }
}

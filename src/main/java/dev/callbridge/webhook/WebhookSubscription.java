package dev.callbridge.webhook;

import dev.callbridge.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One receiver of webhooks ({@code WEBHOOKS_FILE} entry, or {@code WEBHOOK_URL}): where, which
 * event types, the signing secret, extra headers and how long one attempt may take. Its URL is its
 * identity in the outbox: rows name it, so a restart finds the subscription again.
 */
public record WebhookSubscription(URI url, Set<String> events, Secret secret, Map<String, String> headers, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Every event type a subscription may ask for: those of {@code CallEvent}, and WhatsApp's. */
    public static final List<String> KNOWN_EVENTS = List.of("call.created", "call.status", "call.ended", "transcript",
            "dtmf", "tool", "error", "call.recording", "call.followup", "whatsapp.message");

    public WebhookSubscription {
        events = Set.copyOf(events);
        headers = Map.copyOf(headers);
    }

    public boolean wants(String type) {
        return events.contains(type);
    }

    /** The outbox's name for this subscription. */
    public String key() {
        return url.toString();
    }
}

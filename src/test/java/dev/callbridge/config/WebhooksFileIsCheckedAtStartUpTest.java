package dev.callbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.webhook.WebhookSubscription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code WEBHOOKS_FILE} (or {@code WEBHOOK_URL} + {@code WEBHOOK_SECRET}) is read whole at start-up:
 * a bad subscription stops it with one line naming the entry and the field.
 */
class WebhooksFileIsCheckedAtStartUpTest {
    @TempDir
    Path dir;

    private Config withFile(String json, String... extra) throws IOException {
        Path file = dir.resolve("webhooks.json");
        Files.writeString(file, json);
        String[] env = new String[extra.length + 2];
        env[0] = "WEBHOOKS_FILE";
        env[1] = file.toString();
        System.arraycopy(extra, 0, env, 2, extra.length);
        return ConfigFromPairs.of(dir, env);
    }

    private void refused(String json, String message) {
        assertThatThrownBy(() -> withFile(json)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void aGoodFileListsSubscriptionsWithDefaults() throws IOException {
        Config c = withFile("[{\"url\":\"https://n8n.example.com/webhook/calls\",\"events\":[\"call.ended\",\"tool\"],\"secret\":\"s1\"},"
                + "{\"url\":\"http://127.0.0.1:5678/webhook/all\",\"events\":[\"transcript\"],\"secret\":\"s2\","
                + "\"headers\":{\"X-Tenant\":\"acme\"},\"timeoutMs\":2500}]", "WEBHOOK_RETRY_HOURS", "0.5");
        assertThat(c.webhooks().subscriptions()).hasSize(2);
        WebhookSubscription first = c.webhooks().subscriptions().get(0);
        assertThat(first.events()).isEqualTo(Set.of("call.ended", "tool"));
        assertThat(first.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(first.secret().reveal()).isEqualTo("s1");
        WebhookSubscription second = c.webhooks().subscriptions().get(1);
        assertThat(second.headers()).isEqualTo(Map.of("X-Tenant", "acme"));
        assertThat(second.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.webhooks().retryFor()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void theSimpleFormSubscribesToEveryEvent() {
        Config c = ConfigFromPairs.of(dir, "WEBHOOK_URL", "https://hooks.example.com/in", "WEBHOOK_SECRET", "k");
        assertThat(c.webhooks().subscriptions()).singleElement()
                .satisfies(s -> assertThat(s.events()).containsExactlyInAnyOrderElementsOf(WebhookSubscription.KNOWN_EVENTS));
        assertThat(c.webhooks().retryFor()).isEqualTo(Duration.ofHours(24));
        assertThat(ConfigFromPairs.of(dir).webhooks().enabled()).isFalse();
    }

    @Test
    void theSimpleFormNeedsASecretAndAUrl() {
        assertThatThrownBy(() -> ConfigFromPairs.of(dir, "WEBHOOK_URL", "https://hooks.example.com/in"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("WEBHOOK_SECRET: required");
        assertThatThrownBy(() -> ConfigFromPairs.of(dir, "WEBHOOK_URL", "ftp://x/y", "WEBHOOK_SECRET", "k"))
                .isInstanceOf(ConfigException.class).hasMessage("WEBHOOK_URL: must be http(s)://host/path, got 'ftp://x/y'");
        assertThatThrownBy(() -> ConfigFromPairs.of(dir, "WEBHOOK_RETRY_HOURS", "forever"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("WEBHOOK_RETRY_HOURS: must be a number");
    }

    @Test
    void badEntriesAreNamedByIndexAndField() {
        refused("not json", "WEBHOOKS_FILE: not valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
        refused("{}", "WEBHOOKS_FILE: must be a non-empty JSON list of {\"url\",\"events\",\"secret\"}");
        refused("[]", "WEBHOOKS_FILE: must be a non-empty JSON list of {\"url\",\"events\",\"secret\"}");
        refused("[\"https://x\"]", "WEBHOOKS_FILE: [1]: must be an object with url, events and secret");
        refused("[{\"url\":\"ftp://x/y\",\"events\":[\"tool\"],\"secret\":\"s\"}]",
                "WEBHOOKS_FILE: [1].url: must be http(s)://host/path, got 'ftp://x/y'");
        refused("[{\"events\":[\"tool\"],\"secret\":\"s\"}]",
                "WEBHOOKS_FILE: [1].url: required, a string like https://n8n.example.com/webhook/calls");
        refused("[{\"url\":\"https://a/b\",\"events\":[\"tool\"],\"secret\":\"s\"},{\"url\":\"https://a/b\",\"events\":[\"call.bogus\"],\"secret\":\"s\"}]",
                "WEBHOOKS_FILE: [2].events: unknown event \"call.bogus\"; known are " + WebhookSubscription.KNOWN_EVENTS);
        refused("[{\"url\":\"https://a/b\",\"events\":[],\"secret\":\"s\"}]",
                "WEBHOOKS_FILE: [1].events: required, a non-empty list of " + WebhookSubscription.KNOWN_EVENTS);
        refused("[{\"url\":\"https://a/b\",\"events\":[\"tool\"]}]",
                "WEBHOOKS_FILE: [1].secret: required, a non-empty string (the receiver checks signatures with it)");
        refused("[{\"url\":\"https://a/b\",\"events\":[\"tool\"],\"secret\":\"\"}]",
                "WEBHOOKS_FILE: [1].secret: required, a non-empty string (the receiver checks signatures with it)");
        refused("[{\"url\":\"https://a/b\",\"events\":[\"tool\"],\"secret\":\"s\",\"timeoutMs\":\"10s\"}]",
                "WEBHOOKS_FILE: [1].timeoutMs: must be a whole number of milliseconds, 100..300000, got \"10s\"");
        refused("[{\"url\":\"https://a/b\",\"events\":[\"tool\"],\"secret\":\"s\",\"timeoutMs\":0}]",
                "WEBHOOKS_FILE: [1].timeoutMs: must be a whole number of milliseconds, 100..300000, got 0");
        refused("[{\"url\":\"https://a/b\",\"events\":[\"tool\"],\"secret\":\"s\",\"headers\":{\"X-Callbridge-Signature\":\"x\"}}]",
                "WEBHOOKS_FILE: [1].headers: X-Callbridge-Signature is set by callbridge itself");
        refused("[{\"url\":\"https://a/b\",\"events\":[\"tool\"],\"secret\":\"s\",\"headers\":{\"X-A\":\"1\\r\\nX-B: 2\"}}]",
                "WEBHOOKS_FILE: [1].headers: X-A must be a one-line string");
        refused("[{\"url\":\"https://a/b\",\"events\":[\"tool\"],\"secret\":\"s\",\"secrett\":\"s\"}]",
                "WEBHOOKS_FILE: [1].secrett: unknown field; allowed are [url, events, secret, headers, timeoutMs]");
        refused("[{\"url\":\"https://a/b\",\"events\":[\"tool\"],\"secret\":\"s\"},{\"url\":\"https://a/b\",\"events\":[\"dtmf\"],\"secret\":\"t\"}]",
                "WEBHOOKS_FILE: [2].url: https://a/b is already entry [1]");
    }

    @Test
    void fileAndSimpleFormTogetherAreRefused() {
        assertThatThrownBy(() -> withFile("[{\"url\":\"https://a/b\",\"events\":[\"tool\"],\"secret\":\"s\"}]",
                "WEBHOOK_URL", "https://c/d", "WEBHOOK_SECRET", "k"))
                .isInstanceOf(ConfigException.class).hasMessage("WEBHOOKS_FILE: set either it or WEBHOOK_URL, not both");
    }

    @Test
    void anUnreadableFileIsNamed() {
        assertThatThrownBy(() -> ConfigFromPairs.of(dir, "WEBHOOKS_FILE", dir.resolve("missing.json").toString()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("WEBHOOKS_FILE: cannot read");
    }
}

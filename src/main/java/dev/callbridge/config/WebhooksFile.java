package dev.callbridge.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.callbridge.webhook.WebhookSubscription;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code WEBHOOKS_FILE}: a JSON list of {@code {"url","events":[…],"secret","headers"?,"timeoutMs"?}},
 * read and checked whole at start-up. Every refusal is one line naming the entry (from 1) and the
 * field, e.g. {@code WEBHOOKS_FILE: [1].url: must be http(s)://…}.
 */
final class WebhooksFile {
    static final String VARIABLE = "WEBHOOKS_FILE";
    private static final Set<String> FIELDS = new LinkedHashSet<>(List.of("url", "events", "secret", "headers", "timeoutMs"));
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Set by the sender itself, or refused by java.net.http: a subscription may not replace them. */
    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host", "connection",
            "expect", "upgrade", "user-agent", "transfer-encoding");
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private WebhooksFile() {}

    static List<WebhookSubscription> parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(VARIABLE, "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new ConfigException(VARIABLE, "must be a non-empty JSON list of {\"url\",\"events\",\"secret\"}");
        }
        List<WebhookSubscription> subscriptions = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < root.size(); i++) {
            String at = "[" + (i + 1) + "].";
            WebhookSubscription s = subscription(root.get(i), at);
            Integer earlier = seen.putIfAbsent(s.key(), i + 1);
            if (earlier != null) throw new ConfigException(VARIABLE, at + "url: " + s.key() + " is already entry [" + earlier + "]");
            subscriptions.add(s);
        }
        return subscriptions;
    }

    /** The simple form: {@code WEBHOOK_URL} with {@code WEBHOOK_SECRET}, every event. */
    static WebhookSubscription single(String url, String secret) {
        if (secret == null) throw new ConfigException("WEBHOOK_SECRET", "required when WEBHOOK_URL is set (the receiver checks signatures with it)");
        URI uri = httpUrl(url);
        if (uri == null) throw new ConfigException("WEBHOOK_URL", "must be http(s)://host/path, got '" + url + "'");
        return new WebhookSubscription(uri, Set.copyOf(WebhookSubscription.KNOWN_EVENTS), Secret.ofNullable(secret), Map.of(),
                WebhookSubscription.DEFAULT_TIMEOUT);
    }

    private static WebhookSubscription subscription(JsonNode node, String at) {
        if (!node.isObject()) throw new ConfigException(VARIABLE, at.substring(0, at.length() - 1) + ": must be an object with url, events and secret");
        node.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) throw new ConfigException(VARIABLE, at + f + ": unknown field; allowed are " + FIELDS);
        });
        JsonNode urlNode = node.get("url");
        if (urlNode == null || !urlNode.isTextual()) throw new ConfigException(VARIABLE, at + "url: required, a string like https://n8n.example.com/webhook/calls");
        URI url = httpUrl(urlNode.asText());
        if (url == null) throw new ConfigException(VARIABLE, at + "url: must be http(s)://host/path, got '" + urlNode.asText() + "'");

        JsonNode eventsNode = node.get("events");
        if (eventsNode == null || !eventsNode.isArray() || eventsNode.isEmpty()) {
            throw new ConfigException(VARIABLE, at + "events: required, a non-empty list of " + WebhookSubscription.KNOWN_EVENTS);
        }
        Set<String> events = new LinkedHashSet<>();
        for (JsonNode e : eventsNode) {
            if (!e.isTextual() || !WebhookSubscription.KNOWN_EVENTS.contains(e.asText())) {
                throw new ConfigException(VARIABLE, at + "events: unknown event " + e + "; known are " + WebhookSubscription.KNOWN_EVENTS);
            }
            events.add(e.asText());
        }

        JsonNode secretNode = node.get("secret");
        if (secretNode == null || !secretNode.isTextual() || secretNode.asText().isBlank()) {
            throw new ConfigException(VARIABLE, at + "secret: required, a non-empty string (the receiver checks signatures with it)");
        }

        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode headersNode = node.get("headers");
        if (headersNode != null && !headersNode.isNull()) {
            if (!headersNode.isObject()) throw new ConfigException(VARIABLE, at + "headers: must be an object of name: value");
            var fields = headersNode.fields();
            while (fields.hasNext()) {
                var h = fields.next();
                String name = h.getKey();
                if (!TOKEN.matcher(name).matches()) throw new ConfigException(VARIABLE, at + "headers: '" + name + "' is not a header name");
                String lower = name.toLowerCase(Locale.ROOT);
                if (RESERVED_HEADERS.contains(lower) || lower.startsWith("x-callbridge-")) {
                    throw new ConfigException(VARIABLE, at + "headers: " + name + " is set by callbridge itself");
                }
                if (!h.getValue().isTextual() || h.getValue().asText().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                    throw new ConfigException(VARIABLE, at + "headers: " + name + " must be a one-line string");
                }
                headers.put(name, h.getValue().asText());
            }
        }

        Duration timeout = WebhookSubscription.DEFAULT_TIMEOUT;
        JsonNode timeoutNode = node.get("timeoutMs");
        if (timeoutNode != null && !timeoutNode.isNull()) {
            if (!timeoutNode.canConvertToInt() || !timeoutNode.isIntegralNumber() || timeoutNode.asInt() < 100 || timeoutNode.asInt() > 300_000) {
                throw new ConfigException(VARIABLE, at + "timeoutMs: must be a whole number of milliseconds, 100..300000, got " + timeoutNode);
            }
            timeout = Duration.ofMillis(timeoutNode.asInt());
        }
        return new WebhookSubscription(url, events, Secret.ofNullable(secretNode.asText()), headers, timeout);
    }

    private static URI httpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getUserInfo() != null
                    || uri.getFragment() != null) {
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}

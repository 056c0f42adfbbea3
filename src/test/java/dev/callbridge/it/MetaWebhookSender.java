package dev.callbridge.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta delivering webhooks as whatsapp-cloud.md §2 describes: the GET handshake, then POSTs of
 * {@code entry[] → changes[] → value.messages[] / statuses[]} signed with {@code X-Hub-Signature-256}
 * over the exact bytes sent (an independent HMAC here, not the gateway's class). Varies what Meta
 * varies with its seed: {@code contacts} present or not, non-ASCII escaped as {@code \\uXXXX} or
 * raw, the legacy {@code X-Hub-Signature} header, extra unknown fields.
 */
public final class MetaWebhookSender {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String base;
    private final String appSecret;
    private final Random random;

    public MetaWebhookSender(HttpClient http, String base, String appSecret, long seed) {
        this.http = http;
        this.base = base;
        this.appSecret = appSecret;
        this.random = new Random(seed);
    }

    public record Answer(int status, String body) {}

    public Answer handshake(String mode, String verifyToken, String challenge) {
        String uri = base + "/whatsapp/webhook?hub.mode=" + mode + "&hub.challenge=" + challenge + "&hub.verify_token=" + verifyToken;
        return send(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri), null);
    }

    public static ObjectNode text(String from, String wamid, String body) {
        ObjectNode m = message(from, wamid, "text");
        m.putObject("text").put("body", body);
        return m;
    }

    public static ObjectNode voiceNote(String from, String wamid, String mediaId, String mimeType) {
        ObjectNode m = message(from, wamid, "audio");
        m.putObject("audio").put("id", mediaId).put("mime_type", mimeType).put("sha256", "abc").put("voice", true);
        return m;
    }

    public static ObjectNode image(String from, String wamid, String mediaId) {
        ObjectNode m = message(from, wamid, "image");
        m.putObject("image").put("id", mediaId).put("mime_type", "image/jpeg").put("sha256", "abc").put("caption", "look");
        return m;
    }

    public static ObjectNode reaction(String from, String wamid, String reactedTo, String emoji) {
        ObjectNode m = message(from, wamid, "reaction");
        m.putObject("reaction").put("message_id", reactedTo).put("emoji", emoji);
        return m;
    }

    public static ObjectNode status(String wamid, String status, String recipient) {
        ObjectNode s = JSON.createObjectNode().put("id", wamid).put("status", status)
                .put("timestamp", String.valueOf(System.currentTimeMillis() / 1000)).put("recipient_id", recipient);
        s.putObject("conversation").put("id", "conv1").putObject("origin").put("type", "service");
        return s;
    }

    public static ObjectNode failedStatus(String wamid, String recipient, int code, String title) {
        ObjectNode s = status(wamid, "failed", recipient);
        s.putArray("errors").addObject().put("code", code).put("title", title).put("message", title)
                .putObject("error_data").put("details", title);
        return s;
    }

    private static ObjectNode message(String from, String wamid, String type) {
        return JSON.createObjectNode().put("from", from).put("id", wamid)
                .put("timestamp", String.valueOf(System.currentTimeMillis() / 1000)).put("type", type);
    }

    /** One POST carrying these messages (with their senders' contacts, or not) and statuses. */
    public Answer deliver(ArrayNodeBuilder messages, ArrayNodeBuilder statuses) {
        return post(payload(messages, statuses));
    }

    public String payload(ArrayNodeBuilder messages, ArrayNodeBuilder statuses) {
        ObjectNode root = JSON.createObjectNode().put("object", "whatsapp_business_account");
        ObjectNode change = root.putArray("entry").addObject().put("id", "102290129340398").putArray("changes").addObject();
        change.put("field", "messages");
        ObjectNode value = change.putObject("value").put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", "15550783881").put("phone_number_id", FakeGraphApi.PHONE_NUMBER_ID);
        if (messages != null) {
            if (random.nextBoolean()) {
                ArrayNode contacts = value.putArray("contacts");
                messages.nodes.forEach(m -> contacts.addObject().put("wa_id", m.path("from").asText()).putObject("profile").put("name", "Zoë"));
            }
            value.set("messages", messages.array());
        }
        if (statuses != null) value.set("statuses", statuses.array());
        if (random.nextBoolean()) value.put("unknown_future_field", 1);
        String text = root.toString();
        // Meta escapes non-ASCII; Jackson writes it raw. Either way the signature covers the bytes as sent.
        return random.nextBoolean() ? escapeNonAscii(text) : text;
    }

    public Answer post(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return postSigned(bytes, signatureOf(bytes));
    }

    /** {@code sha256=<hex>} as Meta computes it over these bytes. */
    public String signatureOf(byte[] bytes) {
        return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", bytes));
    }

    public Answer postSigned(byte[] bytes, String signature) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(base + "/whatsapp/webhook")
                .putHeader("Content-Type", "application/json");
        if (signature != null) o.putHeader("X-Hub-Signature-256", signature);
        if (random.nextBoolean()) o.putHeader("X-Hub-Signature", "sha1=" + HexFormat.of().formatHex(hmac("HmacSHA1", bytes)));
        return send(o, Buffer.buffer(bytes));
    }

    private Answer send(RequestOptions options, Buffer body) {
        return http.request(options).compose(req -> (body == null ? req.send() : req.send(body))
                .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toString())))).await();
    }

    private byte[] hmac(String algorithm, byte[] bytes) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escapeNonAscii(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 128) b.append(c);
            else b.append(String.format("\\u%04x", (int) c));
        }
        return b.toString();
    }

    /** Items for {@code messages} or {@code statuses}. */
    public static final class ArrayNodeBuilder {
        final java.util.List<ObjectNode> nodes = new java.util.ArrayList<>();

        public static ArrayNodeBuilder of(ObjectNode... items) {
            ArrayNodeBuilder b = new ArrayNodeBuilder();
            b.nodes.addAll(java.util.List.of(items));
            return b;
        }

        ArrayNode array() {
            ArrayNode a = JSON.createArrayNode();
            nodes.forEach(a::add);
            return a;
        }
    }
}

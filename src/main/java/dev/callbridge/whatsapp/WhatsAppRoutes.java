package dev.callbridge.whatsapp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.api.ApiError;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.E164;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|POST /whatsapp/webhook} (Meta's handshake and deliveries) and
 * {@code GET /api/whatsapp/conversations[/{number}]}. A delivery is checked against its
 * {@code X-Hub-Signature-256} on the raw bytes before anything is parsed or stored, answered 200
 * at once, and handled afterwards.
 */
public final class WhatsAppRoutes {
    private static final Logger log = LoggerFactory.getLogger(WhatsAppRoutes.class);
    /** Meta batches several changes per POST; its deliveries stay well under this. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    static final int MAX_CONVERSATIONS = 500;
    static final int MAX_MESSAGES = 1000;

    private final byte[] verifyToken;
    private final WebhookSignature signature;
    private final WhatsAppConversations conversations;
    private final WhatsAppStore store;

    public WhatsAppRoutes(String verifyToken, WebhookSignature signature, WhatsAppConversations conversations, WhatsAppStore store) {
        this.verifyToken = verifyToken.getBytes(StandardCharsets.UTF_8);
        this.signature = signature;
        this.conversations = conversations;
        this.store = store;
    }

    /** The verification handshake: the challenge back as plain text, for the right token only. */
    public void verify(RoutingContext rc) {
        String mode = rc.request().getParam("hub.mode");
        String token = rc.request().getParam("hub.verify_token");
        String challenge = rc.request().getParam("hub.challenge");
        if (!"subscribe".equals(mode) || token == null
                || !MessageDigest.isEqual(verifyToken, token.getBytes(StandardCharsets.UTF_8))) {
            log.warn("WhatsApp webhook verification refused: wrong hub.mode or hub.verify_token");
            throw new ApiError(403, "forbidden", "hub.verify_token: does not match WHATSAPP_VERIFY_TOKEN");
        }
        if (challenge == null || !challenge.matches("[A-Za-z0-9_.-]{1,256}")) {
            throw ApiError.badRequest("hub.challenge: must be 1 to 256 letters or digits");
        }
        rc.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(challenge);
    }

    /** A delivery: signature first, then 200, then the work. */
    public void receive(RoutingContext rc) {
        byte[] body = rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
        if (!signature.verify(body, rc.request().getHeader("X-Hub-Signature-256"))) {
            log.warn("WhatsApp webhook refused: missing or wrong X-Hub-Signature-256");
            throw new ApiError(403, "forbidden", "X-Hub-Signature-256: missing or not signed with WHATSAPP_APP_SECRET");
        }
        WebhookCodec.Batch batch;
        try {
            batch = WebhookCodec.read(body);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("body: " + e.getMessage());
        }
        rc.response().setStatusCode(200).end();
        conversations.accept(batch);
    }

    /** Every conversation with its last message, newest first. Blocking: a worker's handler. */
    public void list(RoutingContext rc) {
        List<WhatsAppMessage> last = store.conversations(MAX_CONVERSATIONS);
        ObjectNode out = CallJson.mapper().createObjectNode();
        ArrayNode items = out.putArray("conversations");
        for (WhatsAppMessage m : last) {
            items.addObject().put("number", m.number()).set("lastMessage", m.json());
        }
        json(rc, out);
    }

    /** One conversation, oldest first. Blocking: a worker's handler. */
    public void get(RoutingContext rc) {
        String raw = rc.pathParam("number");
        String number = raw != null && !raw.startsWith("+") ? "+" + raw : raw;
        if (!E164.isValid(number)) throw ApiError.badRequest("number: must be E.164 (with or without '+'), got '" + raw + "'");
        List<WhatsAppMessage> messages = store.conversation(number, MAX_MESSAGES);
        if (messages.isEmpty()) throw ApiError.notFound("number: no WhatsApp conversation with " + number);
        ObjectNode out = CallJson.mapper().createObjectNode().put("number", number);
        ArrayNode items = out.putArray("messages");
        messages.forEach(m -> items.add(m.json()));
        json(rc, out);
    }

    private static void json(RoutingContext rc, ObjectNode body) {
        rc.response().putHeader("Content-Type", "application/json").end(CallJson.write(body));
    }
}

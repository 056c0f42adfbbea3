package dev.callbridge.whatsapp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.call.CallJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One stored message of a conversation, as the API and {@code /ws/events} show it.
 *
 * @param id           the store's id (ordering within a conversation)
 * @param wamid        Meta's id; null for a reply the Graph API refused
 * @param number       the customer's number, E.164 with '+'
 * @param direction    {@code inbound} (from the customer) or {@code outbound} (our reply)
 * @param kind         {@code text}, {@code voice}, or Meta's type for what is not answered ({@code image}…)
 * @param text         the text, a voice note's transcript, or null
 * @param status       inbound: {@code received} (its reply not yet out), {@code answered}, {@code unanswered} (the reply
 *                     was refused), {@code noted} (nothing to answer: a reaction…); outbound: {@code accepted},
 *                     {@code sent}, {@code delivered}, {@code read} or {@code failed}
 * @param errorCode    Meta's error code for a failed reply (or a refused voice note), else null
 * @param errorMessage Meta's message, or ours, else null
 * @param replyTo      for a reply, the wamid of the message it answers
 * @param at           when the message was sent (Meta's time for an inbound one)
 * @param updatedAt    when it was stored or last changed: the time of the change an event reports
 */
public record WhatsAppMessage(long id, String wamid, String number, String direction, String kind, String text, String status,
                              Integer errorCode, String errorMessage, String replyTo, Instant at, Instant updatedAt) {

    public ObjectNode json() {
        ObjectNode n = CallJson.mapper().createObjectNode();
        n.put("id", wamid);
        n.put("number", number);
        n.put("direction", direction);
        n.put("kind", kind);
        n.put("text", text);
        n.put("status", status);
        if (errorCode == null && errorMessage == null) n.putNull("error");
        else n.putObject("error").put("code", errorCode).put("message", errorMessage);
        n.put("replyTo", replyTo);
        n.put("at", at.toString());
        return n;
    }

    /**
     * The stable id of the change that left the message as it is: {@code wam_} and the first 128 bits
     * of SHA-256 over what a change moves (row id, status, text, error, change time). Derived rather
     * than random so the same stored state always names the same event (a receiver's idempotency key),
     * and two changes of one message differ: each sets a new {@code updatedAt}, and those made within one
     * microsecond differ in status or text.
     */
    public String changeId() {
        String fields = String.join("\u0000", Long.toString(id), status, String.valueOf(text), String.valueOf(errorCode),
                String.valueOf(errorMessage), updatedAt.toString());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(fields.getBytes(StandardCharsets.UTF_8));
            return "wam_" + HexFormat.of().formatHex(digest).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The {@code /ws/events} frame: {@code {"type":"whatsapp.message","callId":null,"at":<the change's time>,"data":{…}}}. */
    public String eventText() {
        ObjectNode n = CallJson.mapper().createObjectNode();
        n.put("type", "whatsapp.message");
        n.putNull("callId");
        n.put("at", updatedAt.toString());
        n.set("data", json());
        return CallJson.write(n);
    }
}

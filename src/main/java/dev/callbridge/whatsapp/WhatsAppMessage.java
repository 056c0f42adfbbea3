package dev.callbridge.whatsapp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.call.CallJson;
import java.time.Instant;

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
 */
public record WhatsAppMessage(long id, String wamid, String number, String direction, String kind, String text, String status,
                              Integer errorCode, String errorMessage, String replyTo, Instant at) {

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

    /** The {@code /ws/events} frame: {@code {"type":"whatsapp.message","callId":null,"at":…,"data":{…}}}. */
    public String eventText() {
        ObjectNode n = CallJson.mapper().createObjectNode();
        n.put("type", "whatsapp.message");
        n.putNull("callId");
        n.put("at", Instant.now().toString());
        n.set("data", json());
        return CallJson.write(n);
    }
}

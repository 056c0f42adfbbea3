package dev.callbridge.asterisk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.asterisk.AriEvent.*;
import java.util.Objects;

/**
 * ARI events WebSocket text frame → {@link AriEvent} (protocols/asterisk-ari.md §2, checked
 * against the Asterisk 22.10.1 captures). Pure and stateless: one instance may serve every
 * socket and thread.
 *
 * <p>Required, per ARI's own models: {@code type}; for the modelled events also
 * {@code application} and {@code timestamp}, and what each record cannot do without (the
 * channel's {@code id}, {@code name} and {@code state}, a bridge's {@code id}, a DTMF
 * {@code digit}, …). Unknown types become {@link Other}; unknown fields are ignored. Every
 * malformed input ends in {@link AriProtocolException}, never another exception.
 */
public final class AriEventCodec {

    /** @throws AriProtocolException when the frame is not a JSON object or a modelled event lacks what it needs */
    public AriEvent decode(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode node = AriModelReader.parse(json);
        if (!node.isObject()) throw new AriProtocolException("event is not a JSON object");
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) throw new AriProtocolException("event has no type");
        if (!type.isTextual()) throw new AriProtocolException("event type is not a string");
        return decode(type.asText(), node, json);
    }

    private static AriEvent decode(String type, JsonNode e, String json) {
        AriModelReader r = new AriModelReader(type);
        return switch (type) {
            case "StasisStart" -> new StasisStart(r.channel(e, "channel"), r.strings(e, "args"),
                    r.optionalChannel(e, "replace_channel"), app(r, e), time(r, e));
            case "StasisEnd" -> new StasisEnd(r.channel(e, "channel"), app(r, e), time(r, e));
            case "ChannelStateChange" -> new ChannelStateChange(r.channel(e, "channel"), app(r, e), time(r, e));
            case "ChannelDtmfReceived" -> new ChannelDtmfReceived(r.channel(e, "channel"), digit(r, e),
                    r.longValue(e, "duration_ms"), app(r, e), time(r, e));
            // Both fields are optional on the wire: a caller's BYE arrives with neither.
            case "ChannelHangupRequest" -> new ChannelHangupRequest(r.channel(e, "channel"),
                    r.optionalInteger(e, "cause", 0), r.optionalBoolean(e, "soft"), app(r, e), time(r, e));
            case "ChannelDestroyed" -> new ChannelDestroyed(r.channel(e, "channel"), r.integer(e, "cause"),
                    r.string(e, "cause_txt", ""), app(r, e), time(r, e));
            case "ChannelEnteredBridge" -> new ChannelEnteredBridge(r.bridge(e, "bridge").id(),
                    r.channel(e, "channel"), app(r, e), time(r, e));
            case "ChannelLeftBridge" -> new ChannelLeftBridge(r.bridge(e, "bridge").id(), r.channel(e, "channel"),
                    app(r, e), time(r, e));
            case "BridgeDestroyed" -> new BridgeDestroyed(r.bridge(e, "bridge").id(), app(r, e), time(r, e));
            case "Dial" -> new Dial(r.channel(e, "peer"), r.string(e, "dialstatus", ""),
                    r.optionalString(e, "dialstring", ""), r.optionalChannel(e, "caller"), app(r, e), time(r, e));
            case "ApplicationReplaced" -> new ApplicationReplaced(app(r, e), time(r, e));
            default -> new Other(type, textOrNull(e, "application"), textOrNull(e, "timestamp"), json);
        };
    }

    private static String app(AriModelReader r, JsonNode e) {
        return r.string(e, "application", "");
    }

    private static String time(AriModelReader r, JsonNode e) {
        return r.string(e, "timestamp", "");
    }

    private static char digit(AriModelReader r, JsonNode e) {
        String digit = r.string(e, "digit", "");
        if (digit.length() != 1) throw r.problem("digit must be one character, got \"" + digit + "\"");
        return digit.charAt(0);
    }

    private static String textOrNull(JsonNode e, String field) {
        JsonNode node = e.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }
}

package dev.callbridge.asterisk;

import java.util.Map;
import java.util.Objects;

/**
 * ARI's Channel model (protocols/asterisk-ari.md §2), as carried by events and returned by
 * REST calls. Only the fields a gateway acts on; unknown fields are ignored when reading.
 * Strings Asterisk may leave out are {@code ""} here, never null.
 *
 * @param id           the channel id: Asterisk's uniqueid ({@code 1795257858.36}) or the id we chose
 * @param name         e.g. {@code PJSIP/provider-00000007}, {@code UnicastRTP/127.0.0.1:40000-0x7f…}
 * @param state        {@code Down}, {@code Ring}, {@code Ringing}, {@code Up}, … as Asterisk spells it
 * @param protocolId   the SIP Call-ID of a PJSIP channel, {@code ""} for others
 * @param creationtime as sent, e.g. {@code 2026-11-21T10:44:46.221+0000}
 * @param channelvars  exported variables; empty when absent (externalMedia's answer carries
 *                     {@code UNICASTRTP_LOCAL_ADDRESS} and {@code UNICASTRTP_LOCAL_PORT} here)
 */
public record AriChannel(String id, String name, String state, String protocolId, CallerId caller,
                         CallerId connected, Dialplan dialplan, String creationtime, String language,
                         Map<String, String> channelvars) {

    public AriChannel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        protocolId = Objects.requireNonNullElse(protocolId, "");
        caller = Objects.requireNonNullElse(caller, CallerId.NONE);
        connected = Objects.requireNonNullElse(connected, CallerId.NONE);
        dialplan = Objects.requireNonNullElse(dialplan, Dialplan.NONE);
        creationtime = Objects.requireNonNullElse(creationtime, "");
        language = Objects.requireNonNullElse(language, "");
        channelvars = channelvars == null ? Map.of() : Map.copyOf(channelvars);
    }

    /** A channel variable from {@link #channelvars}, or null. */
    public String channelvar(String name) {
        return channelvars.get(name);
    }

    /** CallerID or connected line: {@code {"name": "", "number": "+4915112345678"}}. */
    public record CallerId(String name, String number) {
        public static final CallerId NONE = new CallerId("", "");

        public CallerId {
            name = Objects.requireNonNullElse(name, "");
            number = Objects.requireNonNullElse(number, "");
        }
    }

    /** Where the channel is in the dialplan; {@code appName}/{@code appData} are e.g. {@code Stasis} / {@code callbridge,inbound}. */
    public record Dialplan(String context, String exten, long priority, String appName, String appData) {
        public static final Dialplan NONE = new Dialplan("", "", 0, "", "");

        public Dialplan {
            context = Objects.requireNonNullElse(context, "");
            exten = Objects.requireNonNullElse(exten, "");
            appName = Objects.requireNonNullElse(appName, "");
            appData = Objects.requireNonNullElse(appData, "");
        }
    }
}

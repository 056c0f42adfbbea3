package dev.callbridge.asterisk;

import java.util.List;
import java.util.Objects;

/**
 * The events of the ARI events WebSocket (protocols/asterisk-ari.md §2) a call-control app acts
 * on; every other {@code type} decodes to {@link Other}, so a new Asterisk event never breaks a
 * call. Each record ends with the envelope: {@code application} (the Stasis app) and
 * {@code timestamp} as sent ({@code 2026-11-21T10:44:46.221+0000}).
 */
public sealed interface AriEvent {

    /** The {@code type} value on the wire. */
    String type();

    String application();

    String timestamp();

    /**
     * A channel entered the app: an incoming call via {@code Stasis()}, or a channel we created
     * (originate answered, externalMedia). {@code args} are the comma-separated arguments of
     * {@code Stasis(app,a,b)} or originate's {@code appArgs}; {@code replaceChannel} is null
     * unless the channel replaces another (masquerade/transfer).
     */
    record StasisStart(AriChannel channel, List<String> args, AriChannel replaceChannel, String application,
                       String timestamp) implements AriEvent {
        public StasisStart {
            Objects.requireNonNull(channel, "channel");
            args = List.copyOf(args);
        }

        public String type() { return "StasisStart"; }
    }

    /**
     * The channel left the app. After a caller hangs up this is the last event for the channel:
     * Asterisk 22 sends no {@link ChannelDestroyed} then (see the pjsip-caller-hangup capture).
     */
    record StasisEnd(AriChannel channel, String application, String timestamp) implements AriEvent {
        public StasisEnd { Objects.requireNonNull(channel, "channel"); }

        public String type() { return "StasisEnd"; }
    }

    /** {@code channel.state} changed, e.g. {@code Ring} → {@code Up} after we answered. */
    record ChannelStateChange(AriChannel channel, String application, String timestamp) implements AriEvent {
        public ChannelStateChange { Objects.requireNonNull(channel, "channel"); }

        public String type() { return "ChannelStateChange"; }
    }

    /** A DTMF digit ended ({@code 0-9}, {@code A-D}, {@code #}, {@code *}); there is no start event. */
    record ChannelDtmfReceived(AriChannel channel, char digit, long durationMs, String application, String timestamp)
            implements AriEvent {
        public ChannelDtmfReceived { Objects.requireNonNull(channel, "channel"); }

        public String type() { return "ChannelDtmfReceived"; }
    }

    /**
     * A hangup was requested. {@code cause} is 0 when Asterisk sent none (a SIP BYE from the
     * caller arrives so). With {@code soft} true, {@code cause} is Asterisk's soft-hangup reason,
     * not a Q.850 cause: our own DELETE shows as {@code cause 32, soft true}.
     */
    record ChannelHangupRequest(AriChannel channel, int cause, boolean soft, String application, String timestamp)
            implements AriEvent {
        public ChannelHangupRequest { Objects.requireNonNull(channel, "channel"); }

        public String type() { return "ChannelHangupRequest"; }
    }

    /** The channel is gone; {@code cause} is Q.850 (16 Normal Clearing, 17 User busy, …). */
    record ChannelDestroyed(AriChannel channel, int cause, String causeTxt, String application, String timestamp)
            implements AriEvent {
        public ChannelDestroyed { Objects.requireNonNull(channel, "channel"); }

        public String type() { return "ChannelDestroyed"; }
    }

    record ChannelEnteredBridge(String bridgeId, AriChannel channel, String application, String timestamp)
            implements AriEvent {
        public ChannelEnteredBridge {
            Objects.requireNonNull(bridgeId, "bridgeId");
            Objects.requireNonNull(channel, "channel");
        }

        public String type() { return "ChannelEnteredBridge"; }
    }

    record ChannelLeftBridge(String bridgeId, AriChannel channel, String application, String timestamp)
            implements AriEvent {
        public ChannelLeftBridge {
            Objects.requireNonNull(bridgeId, "bridgeId");
            Objects.requireNonNull(channel, "channel");
        }

        public String type() { return "ChannelLeftBridge"; }
    }

    record BridgeDestroyed(String bridgeId, String application, String timestamp) implements AriEvent {
        public BridgeDestroyed { Objects.requireNonNull(bridgeId, "bridgeId"); }

        public String type() { return "BridgeDestroyed"; }
    }

    /**
     * Progress of a dial (originate, externalMedia): {@code dialstatus} is {@code ""} when it
     * starts, then {@code ANSWER}, {@code BUSY}, {@code NOANSWER}, … {@code caller} is null
     * when the dial has no calling channel (originate); {@code dialstring} may be {@code ""}.
     */
    record Dial(AriChannel peer, String dialstatus, String dialstring, AriChannel caller, String application,
                String timestamp) implements AriEvent {
        public Dial {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(dialstatus, "dialstatus");
            dialstring = Objects.requireNonNullElse(dialstring, "");
        }

        public String type() { return "Dial"; }
    }

    /** Another events socket registered the same app; this one receives nothing more for it. */
    record ApplicationReplaced(String application, String timestamp) implements AriEvent {
        public String type() { return "ApplicationReplaced"; }
    }

    /**
     * Any other event ({@code ChannelVarset}, {@code ChannelDialplan}, {@code PlaybackFinished}, …),
     * kept as received. {@code application} and {@code timestamp} are null when absent.
     */
    record Other(String type, String application, String timestamp, String rawJson) implements AriEvent {
        public Other {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(rawJson, "rawJson");
        }
    }
}

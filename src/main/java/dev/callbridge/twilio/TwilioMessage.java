package dev.callbridge.twilio;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every Media Streams message (protocols/twilio.md, section c), both directions. Twilio→server
 * ({@link FromTwilio}): {@link Connected}, {@link Start}, {@link Media}, {@link Dtmf},
 * {@link Mark}, {@link Stop}. Server→Twilio ({@link ToTwilio}): {@link OutMedia},
 * {@link OutMark}, {@link Clear}. Which one a frame is follows from where it was read, never
 * from the fields it happens to carry.
 *
 * <p>Twilio's messages carry what they cannot be acted on without (the event's reason to exist:
 * a payload, a mark name, a digit, the started stream's sid); everything else is optional and
 * may be missing: a counter is then {@link #ABSENT}, a string null. {@code start} without
 * {@code mediaFormat} is μ-law 8 kHz mono, the only format Twilio streams.
 *
 * <p>Payloads are raw μ-law bytes (already base64-decoded) and are <em>not</em> copied: the
 * array belongs to the message once it is handed over, which keeps the 20 ms media path free
 * of copies. The records with a payload compare it by content.
 */
public sealed interface TwilioMessage {
    /** A counter ({@code sequenceNumber}, {@code chunk}, {@code timestamp}) the message did not carry. */
    long ABSENT = -1;

    /** What Twilio sends: everything read from a media socket. */
    sealed interface FromTwilio extends TwilioMessage {}

    /** What the server sends to Twilio: what the simulator reads. */
    sealed interface ToTwilio extends TwilioMessage {}

    /** The {@code event} value on the wire. */
    String event();

    /** First message on every socket; carries no stream sid yet. */
    record Connected(String protocol, String version) implements FromTwilio {
        public String event() { return "connected"; }
    }

    /** Stream metadata; {@code customParameters} are the TwiML {@code <Parameter>}s. */
    record Start(long sequenceNumber, String streamSid, String accountSid, String callSid, List<String> tracks,
                 Map<String, String> customParameters, String encoding, int sampleRate, int channels)
            implements FromTwilio {
        public Start {
            requireCounter(sequenceNumber, "sequenceNumber");
            Objects.requireNonNull(streamSid, "streamSid");
            tracks = List.copyOf(tracks);
            // Insertion order kept so that encoding is deterministic and reads like the input.
            customParameters = Collections.unmodifiableMap(new LinkedHashMap<>(customParameters));
            customParameters.forEach((name, value) -> {
                Objects.requireNonNull(name, "customParameters name");
                Objects.requireNonNull(value, "customParameters value of " + name);
            });
            Objects.requireNonNull(encoding, "encoding");
        }

        public String event() { return "start"; }
    }

    /** One inbound chunk; {@code timestamp} is ms since the stream started. */
    record Media(long sequenceNumber, String streamSid, String track, long chunk, long timestamp, byte[] payload)
            implements FromTwilio {
        public Media {
            requireCounter(sequenceNumber, "sequenceNumber");
            requireCounter(chunk, "chunk");
            requireCounter(timestamp, "timestamp");
            Objects.requireNonNull(payload, "payload");
        }

        public String event() { return "media"; }

        @Override
        public boolean equals(Object o) {
            return o instanceof Media m && sequenceNumber == m.sequenceNumber && chunk == m.chunk
                    && timestamp == m.timestamp && Objects.equals(streamSid, m.streamSid) && Objects.equals(track, m.track)
                    && Arrays.equals(payload, m.payload);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sequenceNumber, streamSid, track, chunk, timestamp, Arrays.hashCode(payload));
        }

        @Override
        public String toString() {
            return "Media[sequenceNumber=" + sequenceNumber + ", streamSid=" + streamSid + ", track=" + track
                    + ", chunk=" + chunk + ", timestamp=" + timestamp + ", payload=" + payload.length + " bytes]";
        }
    }

    /** A detected key press. Twilio labels the track {@value #INBOUND_TRACK} here, not {@code inbound}. */
    record Dtmf(long sequenceNumber, String streamSid, String track, char digit) implements FromTwilio {
        public static final String INBOUND_TRACK = "inbound_track";

        public Dtmf {
            requireCounter(sequenceNumber, "sequenceNumber");
        }

        /** The only kind Twilio sends today: a caller's key on the inbound track. */
        public Dtmf(long sequenceNumber, String streamSid, char digit) {
            this(sequenceNumber, streamSid, INBOUND_TRACK, digit);
        }

        public String event() { return "dtmf"; }
    }

    /** Twilio's echo of an {@link OutMark}: everything sent before it was played, or cleared. */
    record Mark(long sequenceNumber, String streamSid, String name) implements FromTwilio {
        public Mark {
            requireCounter(sequenceNumber, "sequenceNumber");
            Objects.requireNonNull(name, "name");
        }

        public String event() { return "mark"; }
    }

    /** Last message before Twilio closes the socket. */
    record Stop(long sequenceNumber, String streamSid, String accountSid, String callSid) implements FromTwilio {
        public Stop {
            requireCounter(sequenceNumber, "sequenceNumber");
        }

        public String event() { return "stop"; }
    }

    /** Audio for the caller; any length, raw μ-law 8 kHz without a header. */
    record OutMedia(String streamSid, byte[] payload) implements ToTwilio {
        public OutMedia {
            Objects.requireNonNull(streamSid, "streamSid");
            Objects.requireNonNull(payload, "payload");
        }

        public String event() { return "media"; }

        @Override
        public boolean equals(Object o) {
            return o instanceof OutMedia m && streamSid.equals(m.streamSid) && Arrays.equals(payload, m.payload);
        }

        @Override
        public int hashCode() {
            return 31 * streamSid.hashCode() + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "OutMedia[streamSid=" + streamSid + ", payload=" + payload.length + " bytes]";
        }
    }

    /** A bookmark in Twilio's playback queue; comes back as {@link Mark} with the same name. */
    record OutMark(String streamSid, String name) implements ToTwilio {
        public OutMark {
            Objects.requireNonNull(streamSid, "streamSid");
            Objects.requireNonNull(name, "name");
        }

        public String event() { return "mark"; }
    }

    /** Barge-in: Twilio drops unplayed audio and echoes every pending mark. */
    record Clear(String streamSid) implements ToTwilio {
        public Clear {
            Objects.requireNonNull(streamSid, "streamSid");
        }

        public String event() { return "clear"; }
    }

    // Counters and timestamps go on the wire as decimal strings; negatives have no meaning there.
    private static void requireCounter(long value, String name) {
        if (value < 0 && value != ABSENT) {
            throw new IllegalArgumentException(name + " must be >= 0 or ABSENT, was " + value);
        }
    }
}

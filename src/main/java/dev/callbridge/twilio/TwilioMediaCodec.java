package dev.callbridge.twilio;

import java.util.Objects;

/**
 * Media Streams frames ⇄ {@link TwilioMessage}s (protocols/twilio.md, section c). Pure and
 * stateless, so one instance may be shared by every call and event loop. It runs for every
 * 20 ms frame of every call: decoding and encoding a media message each stay around a
 * microsecond (see {@code TwilioMediaCodecBenchmark}).
 *
 * <p>Decoding reads both directions, and the caller says which from where the frame came:
 * {@link #decodeFromTwilio} for what a media socket reads (the gateway), {@link #decodeToTwilio}
 * for what the server sends (the simulator, playing Twilio). A {@code media} or {@code mark}
 * means a different message in each direction; no field decides it. A missing optional field
 * (a {@code sequenceNumber}, say) is tolerated; only a missing required one is an error.
 * {@code sequenceNumber}, {@code chunk} and {@code timestamp} are accepted as decimal strings
 * (what Twilio sends) or JSON numbers. Unknown fields are ignored.
 *
 * <p>Every malformed input ends in {@link TwilioProtocolException}, never another exception;
 * a {@code null} argument is a programming error and throws {@link NullPointerException}.
 */
public final class TwilioMediaCodec {

    /**
     * A frame read from a media socket: Twilio sent it.
     *
     * @throws TwilioProtocolException when it is not a well-formed message Twilio sends
     */
    public TwilioMessage.FromTwilio decodeFromTwilio(byte[] utf8Json) {
        return TwilioMessageReader.readFromTwilio(Objects.requireNonNull(utf8Json, "utf8Json"));
    }

    /** Same as {@link #decodeFromTwilio(byte[])}, for {@code length} bytes of a larger array (a frame's own buffer). */
    public TwilioMessage.FromTwilio decodeFromTwilio(byte[] utf8Json, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, utf8Json.length);
        return TwilioMessageReader.readFromTwilio(utf8Json, offset, length);
    }

    /** Same as {@link #decodeFromTwilio(byte[])}, for a text frame already held as a String. */
    public TwilioMessage.FromTwilio decodeFromTwilio(String json) {
        return TwilioMessageReader.readFromTwilio(Objects.requireNonNull(json, "json"));
    }

    /**
     * A frame a server sent to Twilio, as the simulator reads it.
     *
     * @throws TwilioProtocolException when it is not a well-formed message a server sends Twilio
     */
    public TwilioMessage.ToTwilio decodeToTwilio(String json) {
        return TwilioMessageReader.readToTwilio(Objects.requireNonNull(json, "json"));
    }

    /** UTF-8 JSON in Twilio's exact shape and field order; optional fields a message lacks are left out. */
    public byte[] encode(TwilioMessage message) {
        return TwilioMessageWriter.write(Objects.requireNonNull(message, "message"));
    }
}

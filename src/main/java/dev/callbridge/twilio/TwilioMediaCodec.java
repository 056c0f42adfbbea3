package dev.callbridge.twilio;

import java.util.Objects;

/**
 * Media Streams frames ⇄ {@link TwilioMessage}s (protocols/twilio.md, section c). Pure and
 * stateless, so one instance may be shared by every call and event loop. It runs for every
 * 20 ms frame of every call: decoding and encoding a media message each stay around a
 * microsecond (see {@code TwilioMediaCodecBenchmark}).
 *
 * <p>Decoding reads both directions: Twilio's messages, and the server's own ({@code media},
 * {@code mark}, {@code clear}) so the simulator can use this codec too. A {@code media} or
 * {@code mark} without {@code sequenceNumber} is the server's ({@link TwilioMessage.OutMedia},
 * {@link TwilioMessage.OutMark}); with one it is Twilio's ({@link TwilioMessage.Media},
 * {@link TwilioMessage.Mark}). {@code sequenceNumber}, {@code chunk} and {@code timestamp}
 * are accepted as decimal strings (what Twilio sends) or JSON numbers. Unknown fields are
 * ignored.
 *
 * <p>Every malformed input ends in {@link TwilioProtocolException}, never another exception;
 * a {@code null} argument is a programming error and throws {@link NullPointerException}.
 */
public final class TwilioMediaCodec {

    /** @throws TwilioProtocolException when the frame is not a well-formed message we know */
    public TwilioMessage decode(byte[] utf8Json) {
        return TwilioMessageReader.read(Objects.requireNonNull(utf8Json, "utf8Json"));
    }

    /** Same as {@link #decode(byte[])}, for a text frame already held as a String. */
    public TwilioMessage decode(String json) {
        return TwilioMessageReader.read(Objects.requireNonNull(json, "json"));
    }

    /** UTF-8 JSON in Twilio's exact shape and field order. */
    public byte[] encode(TwilioMessage message) {
        return TwilioMessageWriter.write(Objects.requireNonNull(message, "message"));
    }
}

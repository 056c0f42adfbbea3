package dev.callbridge.sim;

import dev.callbridge.twilio.TwilioMediaCodec;
import dev.callbridge.twilio.TwilioMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Twilio's side of one Media Stream: numbers and writes the messages Twilio sends, as
 * protocols/twilio.md says: {@code connected} without a number, then {@code sequenceNumber}
 * from 1 on {@code start}, +1 for every later message of any type; {@code chunk} counts the
 * inbound track's media from 1. Owned by one call's context.
 */
final class TwilioStreamWriter {
    static final String TRACK = "inbound";

    private final TwilioMediaCodec codec;
    private final Consumer<String> textFrames;
    private final CallParties call;
    private final String streamSid;
    private long sequenceNumber;
    private long chunk;

    TwilioStreamWriter(TwilioMediaCodec codec, Consumer<String> textFrames, CallParties call, String streamSid) {
        this.codec = codec;
        this.textFrames = textFrames;
        this.call = call;
        this.streamSid = streamSid;
    }

    void connected() {
        write(new TwilioMessage.Connected("Call", "1.0.0"));
    }

    void start(Map<String, String> customParameters) {
        write(new TwilioMessage.Start(++sequenceNumber, streamSid, call.accountSid(), call.callSid(),
                List.of(TRACK), customParameters, "audio/x-mulaw", 8000, 1));
    }

    void media(byte[] ulaw, long timestampMillis) {
        write(new TwilioMessage.Media(++sequenceNumber, streamSid, TRACK, ++chunk, timestampMillis, ulaw));
    }

    void dtmf(char digit) {
        write(new TwilioMessage.Dtmf(++sequenceNumber, streamSid, TwilioMessage.Dtmf.INBOUND_TRACK, digit));
    }

    /** Returns a mark the server sent, once playback has passed it. */
    void mark(String name) {
        write(new TwilioMessage.Mark(++sequenceNumber, streamSid, name));
    }

    void stop() {
        write(new TwilioMessage.Stop(++sequenceNumber, streamSid, call.accountSid(), call.callSid()));
    }

    String streamSid() {
        return streamSid;
    }

    long sequenceNumber() {
        return sequenceNumber;
    }

    private void write(TwilioMessage message) {
        textFrames.accept(new String(codec.encode(message), StandardCharsets.UTF_8));
    }
}

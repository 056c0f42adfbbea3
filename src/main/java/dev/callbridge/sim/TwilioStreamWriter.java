package dev.callbridge.sim;

import dev.callbridge.twilio.TwilioMediaCodec;
import dev.callbridge.twilio.TwilioMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Twilio's side of one Media Stream: numbers and writes the messages Twilio sends, as
 * protocols/twilio.md says: {@code connected} without a number, then {@code sequenceNumber}
 * from 1 on {@code start}, +1 for every later message of any type; {@code chunk} counts the
 * inbound track's media from 1. Optional fields are left out as {@link OptionalFields} says
 * (the counters still count what they leave out). Owned by one call's context.
 */
final class TwilioStreamWriter {
    static final String TRACK = "inbound";

    private final TwilioMediaCodec codec;
    private final Consumer<String> textFrames;
    private final CallParties call;
    private final String streamSid;
    private final OptionalFields fields;
    private final RandomGenerator random;
    private long sequenceNumber;
    private long chunk;

    TwilioStreamWriter(TwilioMediaCodec codec, Consumer<String> textFrames, CallParties call, String streamSid) {
        this(codec, textFrames, call, streamSid, OptionalFields.ALL, null);
    }

    /** @param random decides each optional field with {@link OptionalFields#VARIED}; unused otherwise */
    TwilioStreamWriter(TwilioMediaCodec codec, Consumer<String> textFrames, CallParties call, String streamSid,
                       OptionalFields fields, RandomGenerator random) {
        this.codec = codec;
        this.textFrames = textFrames;
        this.call = call;
        this.streamSid = streamSid;
        this.fields = fields;
        this.random = random;
    }

    void connected() {
        write(new TwilioMessage.Connected(optional("Call"), optional("1.0.0")));
    }

    /** The stream sid and the TwiML parameters are always sent: the gateway cannot bind the stream without them. */
    void start(Map<String, String> customParameters) {
        write(new TwilioMessage.Start(nextSequenceNumber(), streamSid, optional(call.accountSid()), optional(call.callSid()),
                keep() ? List.of(TRACK) : List.of(), customParameters, "audio/x-mulaw", 8000, 1));
    }

    void media(byte[] ulaw, long timestampMillis) {
        long seq = nextSequenceNumber();
        long chunkNumber = optional(++chunk);
        write(new TwilioMessage.Media(seq, optional(streamSid), optional(TRACK), chunkNumber, optional(timestampMillis), ulaw));
    }

    void dtmf(char digit) {
        write(new TwilioMessage.Dtmf(nextSequenceNumber(), optional(streamSid), optional(TwilioMessage.Dtmf.INBOUND_TRACK), digit));
    }

    /** Returns a mark the server sent, once playback has passed it. */
    void mark(String name) {
        write(new TwilioMessage.Mark(nextSequenceNumber(), optional(streamSid), name));
    }

    void stop() {
        write(new TwilioMessage.Stop(nextSequenceNumber(), optional(streamSid), optional(call.accountSid()), optional(call.callSid())));
    }

    private long nextSequenceNumber() {
        return optional(++sequenceNumber);
    }

    private boolean keep() {
        return switch (fields) {
            case ALL -> true;
            case NONE -> false;
            case VARIED -> random.nextBoolean();
        };
    }

    private String optional(String value) {
        return keep() ? value : null;
    }

    private long optional(long value) {
        return keep() ? value : TwilioMessage.ABSENT;
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

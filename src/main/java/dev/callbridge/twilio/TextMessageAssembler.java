package dev.callbridge.twilio;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Puts WebSocket frames back together into whole text messages, as bytes, for one socket.
 *
 * <p>Vert.x would do this too, but it turns every message into a String that the codec then
 * reads back as characters: a copy and a UTF-8 decode per 20 ms frame for nothing. Here a
 * message in one frame (Twilio's always are) goes to the codec straight from the frame's own
 * bytes. A fragmented one is gathered, never beyond {@link #maxBytes}: past that the message
 * is refused once, its remaining fragments are skipped, and the next message starts afresh.
 * Binary messages are refused the same way. Not thread-safe: one per socket, on its event loop.
 */
final class TextMessageAssembler {

    /** Where whole messages, and refusals, go. */
    interface Sink {
        /** A whole text message: {@code length} bytes of {@code bytes} from {@code offset}. Read them before returning. */
        void text(byte[] bytes, int offset, int length);

        /** A text message longer than the limit, in bytes so far (at least {@code maxBytes + 1}). */
        void tooBig(int bytesSoFar);

        /** A binary message; {@code firstFrameBytes} is the size of its first frame. */
        void binary(int firstFrameBytes);
    }

    private enum State { IDLE, GATHERING_TEXT, SKIPPING }

    private final int maxBytes;
    private final Sink sink;
    private State state = State.IDLE;
    private byte[] gathered = new byte[0];
    private int gatheredLength;

    TextMessageAssembler(int maxBytes, Sink sink) {
        this.maxBytes = maxBytes;
        this.sink = sink;
    }

    void onText(ByteBuf payload, boolean isFinal) {
        gatheredLength = 0; // a new message: an unfinished one before it is abandoned
        if (!isFinal) {
            state = State.GATHERING_TEXT;
            gather(payload, false);
            return;
        }
        state = State.IDLE;
        if (payload.readableBytes() > maxBytes) {
            sink.tooBig(payload.readableBytes());
        } else {
            deliverWhole(payload);
        }
    }

    void onBinary(ByteBuf payload, boolean isFinal) {
        gatheredLength = 0;
        state = isFinal ? State.IDLE : State.SKIPPING;
        sink.binary(payload.readableBytes());
    }

    void onContinuation(ByteBuf payload, boolean isFinal) {
        switch (state) {
            case GATHERING_TEXT -> gather(payload, isFinal);
            case SKIPPING -> {
                if (isFinal) state = State.IDLE;
            }
            case IDLE -> { /* a continuation of nothing: Netty's decoder refuses these before they get here */ }
        }
    }

    private void gather(ByteBuf payload, boolean isFinal) {
        int n = payload.readableBytes();
        if (gatheredLength + n > maxBytes) {
            sink.tooBig(gatheredLength + n);
            gatheredLength = 0;
            if (gathered.length > 4096) gathered = new byte[0]; // don't keep a large buffer for a rare case
            state = isFinal ? State.IDLE : State.SKIPPING;
            return;
        }
        if (gatheredLength + n > gathered.length) {
            gathered = Arrays.copyOf(gathered, Math.min(maxBytes, Math.max(gatheredLength + n, gathered.length * 2)));
        }
        payload.getBytes(payload.readerIndex(), gathered, gatheredLength, n);
        gatheredLength += n;
        if (isFinal) {
            state = State.IDLE;
            int length = gatheredLength;
            gatheredLength = 0;
            sink.text(gathered, 0, length);
        }
    }

    private void deliverWhole(ByteBuf payload) {
        int n = payload.readableBytes();
        if (payload.hasArray()) {
            sink.text(payload.array(), payload.arrayOffset() + payload.readerIndex(), n);
        } else {
            byte[] copy = new byte[n];
            payload.getBytes(payload.readerIndex(), copy);
            sink.text(copy, 0, n);
        }
    }
}

package dev.callbridge.twilio;

/**
 * When Twilio plays what we send, as far as the gateway can know: media plays back to back, in
 * the order sent, each piece starting when it was sent or when the one before it ends, whichever
 * is later; {@code clear} drops whatever had not started playing by then.
 *
 * <p>How exact that is: it is our side of the socket's view. The caller hears each piece later by
 * the trip to Twilio and on to the phone (tens of milliseconds, more on a poor line), and Twilio's
 * own buffering is not visible to us; a {@code clear} is modelled as cutting at the moment we send
 * it, while Twilio cuts when it receives it. Marks only confirm playback after the fact, so they
 * are not used to move audio already placed. Only built while a call is recorded.
 */
final class TwilioPlayout {
    /** One μ-law byte at 8 kHz lasts 125 µs. */
    static final long NANOS_PER_BYTE = 125_000;

    private long endNanos = Long.MIN_VALUE;

    /** {@code bytes} of μ-law sent at {@code nowNanos}: returns when they start playing. */
    long queue(int bytes, long nowNanos) {
        long start = Math.max(nowNanos, endNanos);
        endNanos = start + bytes * NANOS_PER_BYTE;
        return start;
    }

    /** A {@code clear} at {@code nowNanos}: nothing sent before it plays beyond it. */
    void clear(long nowNanos) {
        endNanos = Math.min(endNanos, nowNanos);
    }

    /** When what has been sent so far ends playing. */
    long endNanos() {
        return endNanos;
    }
}

package dev.callbridge.sim;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Twilio's outbound buffer for one bidirectional stream, as protocols/twilio.md describes it:
 * media the server sends is queued and played in arrival order at real time (μ-law 8 kHz, so
 * {@code bytes / 8} ms each); a mark comes back once everything queued before it has played;
 * {@code clear} drops what has not played yet and returns every pending mark at once.
 *
 * <p>Time only moves when the owner calls {@link #advance()} (or enqueues), so mark echoes are
 * as late as the owner's tick (the simulator ticks every 20 ms). Optionally records what the
 * caller heard: played audio in order, with μ-law silence for the gaps when nothing was queued,
 * time-aligned with the start of the stream.
 *
 * <p>Not thread-safe: one call's event-loop context owns it.
 */
public final class SimulatedPlayback {
    /** One μ-law byte at 8 kHz lasts 125 µs. */
    static final long NANOS_PER_BYTE = 125_000;
    private static final byte ULAW_SILENCE = (byte) 0xFF;

    private record PendingMark(String name) {}

    private final PlaybackClock clock;
    private final Consumer<String> markReached;
    private final ByteArrayOutputStream heard; // null when not recording

    /** byte[] audio or PendingMark, in arrival order. A mark is never at the head after advance(). */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private int headOffset; // bytes of the head audio already played
    /** Playing: when the next unplayed byte starts. Idle (queue empty): since when nothing played. */
    private long cursorNanos;
    private long queuedBytes;
    private long playedBytes;
    private long clearedBytes;
    private long marksReturned;
    private long clears;

    public SimulatedPlayback(PlaybackClock clock, Consumer<String> markReached, boolean recordHeard) {
        this.clock = clock;
        this.markReached = markReached;
        this.heard = recordHeard ? new ByteArrayOutputStream(64 * 1024) : null;
        this.cursorNanos = clock.nanos();
    }

    /** Queues μ-law audio received from the server. The array must not change afterwards. */
    public void enqueue(byte[] ulaw) {
        if (ulaw.length == 0) return;
        long now = clock.nanos();
        advanceTo(now);
        if (queue.isEmpty()) {
            // Idle until now: the caller heard silence for that long.
            recordSilence((now - cursorNanos) / NANOS_PER_BYTE);
            cursorNanos = now;
        }
        queue.add(ulaw);
        queuedBytes += ulaw.length;
    }

    /** A mark from the server: returned when playback passes it, at once if nothing is queued. */
    public void mark(String name) {
        advanceTo(clock.nanos());
        if (queue.isEmpty()) {
            returnMark(name);
        } else {
            queue.add(new PendingMark(name));
        }
    }

    /** Barge-in: drops unplayed audio and returns all pending marks, in order, right now. */
    public void clear() {
        long now = clock.nanos();
        advanceTo(now);
        clears++;
        for (Object item; (item = queue.poll()) != null; ) {
            if (item instanceof PendingMark m) {
                returnMark(m.name());
            } else {
                clearedBytes += ((byte[]) item).length - headOffset;
                headOffset = 0;
            }
        }
        queuedBytes = 0;
        cursorNanos = now;
    }

    /** Plays whatever is due by now, returning marks that playback passed. */
    public void advance() {
        advanceTo(clock.nanos());
    }

    private void advanceTo(long now) {
        Object head;
        while ((head = queue.peek()) != null) {
            if (head instanceof PendingMark m) {
                queue.poll();
                returnMark(m.name());
                continue;
            }
            byte[] audio = (byte[]) head;
            long playable = (now - cursorNanos) / NANOS_PER_BYTE;
            if (playable <= 0) return;
            int n = (int) Math.min(audio.length - headOffset, playable);
            if (heard != null) heard.write(audio, headOffset, n);
            headOffset += n;
            cursorNanos += n * NANOS_PER_BYTE;
            queuedBytes -= n;
            playedBytes += n;
            if (headOffset < audio.length) return;
            queue.poll();
            headOffset = 0;
        }
        // Queue empty: idle since cursorNanos (the moment the last byte finished).
    }

    private void returnMark(String name) {
        marksReturned++;
        markReached.accept(name);
    }

    private void recordSilence(long bytes) {
        if (heard == null || bytes <= 0) return;
        byte[] silence = new byte[(int) Math.min(bytes, Integer.MAX_VALUE - 8)];
        Arrays.fill(silence, ULAW_SILENCE);
        heard.writeBytes(silence);
    }

    /** What the caller heard so far, μ-law 8 kHz; empty when not recording. */
    public byte[] heardAudio() {
        return heard == null ? new byte[0] : heard.toByteArray();
    }

    /** Audio queued but not yet played, in milliseconds. */
    public long queuedMillis() {
        return queuedBytes / 8;
    }

    public long playedBytes() {
        return playedBytes;
    }

    public long clearedBytes() {
        return clearedBytes;
    }

    public long marksReturned() {
        return marksReturned;
    }

    public long clears() {
        return clears;
    }
}

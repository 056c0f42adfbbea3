package dev.callbridge.rtp;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The outbound queue: audio in, exactly one 20 ms RTP packet per slot out. Pure logic; the
 * clock is the caller's. Slot n is the n-th 20 ms interval since the session's start, and its
 * packet carries timestamp {@code ts0 + n·samplesPerFrame}, so timestamps keep advancing
 * across silence (and across slots the caller skipped) while the sequence number only goes up
 * per packet sent (RFC 3550 §5.1). The first packet after a slot without one has the marker bit:
 * a new talkspurt.
 *
 * <p>Packetisation: audio is queued as given and cut into 20 ms frames as slots come due. A
 * trailing partial frame is held, because streamed model audio usually completes it with the
 * next chunk before its slot; it is padded with silence only when the slot arrives and nothing
 * else is queued, i.e. when the queue would otherwise underrun.
 *
 * <p>"Sent" for RTP means the packet was handed to the socket: a chunk's {@code onSent} is
 * passed out by the {@link #next} that emits its last byte, and by then the caller has the
 * packet to send. An empty chunk marks its position and completes once everything before it has
 * gone. {@link #clear} drops the queue, and the callbacks of dropped chunks never run.
 *
 * <p>Not thread-safe: one per session, used on its event loop.
 */
public final class RtpPacer {
    /** One minute of audio: more than any single answer, so overflow means a caller that never stops. */
    public static final int DEFAULT_MAX_QUEUED_FRAMES = 3000;

    private static final class Chunk {
        final byte[] audio;
        final Runnable onSent;
        int offset;

        Chunk(byte[] audio, Runnable onSent) {
            this.audio = audio;
            this.onSent = onSent;
        }

        int remaining() {
            return audio.length - offset;
        }
    }

    private final RtpFormat format;
    private final int frameBytes;
    private final long maxQueuedBytes;
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private final long ssrc;
    private final long timestampBase;
    private int payloadType;
    private int sequence;
    private long queuedBytes;
    private long lastTick = -1;
    private long lastSentSlot = -2;

    public RtpPacer(RtpFormat format, int payloadType, RandomGenerator random) {
        this(format, payloadType, random, DEFAULT_MAX_QUEUED_FRAMES);
    }

    public RtpPacer(RtpFormat format, int payloadType, RandomGenerator random, int maxQueuedFrames) {
        this.format = format;
        this.frameBytes = format.frameBytes();
        this.maxQueuedBytes = (long) maxQueuedFrames * frameBytes;
        payloadType(payloadType);
        // Random starting points (RFC 3550 §5.1), so packets of an earlier session are not mistaken for ours.
        this.sequence = random.nextInt(0x10000);
        this.timestampBase = random.nextLong(0x1_0000_0000L);
        this.ssrc = random.nextLong(0x1_0000_0000L);
    }

    /**
     * Queues {@code audio} (the leg's format: μ-law, or L16 little-endian) to be sent in order.
     * Returns false, keeping nothing, if it would take the queue past its limit; its
     * {@code onSent} then never runs.
     */
    public boolean play(byte[] audio, Runnable onSent) {
        int sampleBytes = format.audioFormat().encoding().bytesPerSample();
        if (audio.length % sampleBytes != 0) {
            throw new IllegalArgumentException(audio.length + " bytes of " + format + " split a sample");
        }
        if (queuedBytes + audio.length > maxQueuedBytes) return false;
        if (audio.length == 0 && onSent == null) return true;
        queue.add(new Chunk(audio, onSent));
        queuedBytes += audio.length;
        return true;
    }

    /** Drops everything queued; the dropped chunks' {@code onSent} never runs. */
    public void clear() {
        queue.clear();
        queuedBytes = 0;
    }

    /** True when nothing is queued, not even a position marker. */
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    public long queuedBytes() {
        return queuedBytes;
    }

    /** Asterisk chooses the slin16 payload type; the session sets it once learned. */
    public void payloadType(int payloadType) {
        if (payloadType < 0 || payloadType > 127) throw new IllegalArgumentException("payload type must be 0..127: " + payloadType);
        this.payloadType = payloadType;
    }

    public long ssrc() {
        return ssrc;
    }

    /**
     * The packet for {@code slot}, or null if nothing is queued. Callbacks of chunks completed by
     * this packet (or by an earlier one, for markers) go to {@code sent}, to be run once the
     * packet has been handed to the socket. Slots must increase from call to call.
     */
    public RtpPacket next(long slot, Consumer<Runnable> sent) {
        if (slot <= lastTick) throw new IllegalArgumentException("slot " + slot + " is not after " + lastTick);
        lastTick = slot;
        byte[] frame = null;
        int filled = 0;
        for (Chunk head; (head = queue.peek()) != null; ) {
            if (head.remaining() == 0) {
                queue.poll();
                if (head.onSent != null) sent.accept(head.onSent);
                continue;
            }
            if (filled == frameBytes) break;
            if (frame == null) frame = new byte[frameBytes];
            int take = Math.min(frameBytes - filled, head.remaining());
            System.arraycopy(head.audio, head.offset, frame, filled, take);
            head.offset += take;
            filled += take;
            queuedBytes -= take;
        }
        if (frame == null) return null;
        if (filled < frameBytes) Arrays.fill(frame, filled, frameBytes, format.silenceByte());
        boolean talkspurtStart = slot != lastSentSlot + 1;
        lastSentSlot = slot;
        long timestamp = (timestampBase + slot * format.samplesPerFrame()) & 0xFFFF_FFFFL;
        RtpPacket packet = new RtpPacket(talkspurtStart, payloadType, sequence, timestamp, ssrc, format.toWire(frame));
        sequence = (sequence + 1) & 0xFFFF;
        return packet;
    }
}

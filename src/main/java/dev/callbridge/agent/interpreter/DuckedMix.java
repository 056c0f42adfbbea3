package dev.callbridge.agent.interpreter;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Encoding;
import dev.callbridge.audio.G711;
import dev.callbridge.audio.Transcoder;
import dev.callbridge.call.Leg;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code INTERPRETER_MIX=both}: the listener hears the interpretation at full level with the other
 * party's own voice {@link #DUCK_DB ducked} under it, like a human interpreter on a call; between
 * interpretations the ducked original goes on alone, so the listener is never in dead air while a
 * translation is on its way.
 *
 * <p>A leg plays what it is given in order, so two streams cannot simply both be handed to it: this
 * mixes them itself, one 20 ms frame at a time, on a timer on the call's context. Each frame is the
 * next 20 ms of interpretation (if any) plus the next 20 ms of original (if any), summed in linear
 * PCM with clipping and encoded in the leg's format. The leg is kept {@link #LEAD_FRAMES} frames
 * ahead of its playout, reckoned from elapsed time rather than counted ticks, so a late timer makes
 * the next tick send more and jitter never leaves the leg empty. With nothing to mix and the leg's
 * queue played out, the timer stops: no stream of silence.
 *
 * <p>Tags stay exact: an interpretation chunk's tag goes to the leg with the frame that holds the
 * chunk's last byte, so it comes back through {@code onHeard} once that frame has been heard.
 *
 * <p>All methods run on the call's context (the timer's too); nothing blocks.
 */
final class DuckedMix implements Earpiece {
    private static final Logger log = LoggerFactory.getLogger(DuckedMix.class);

    /**
     * The original's level under the interpretation. −15 dB (×0.18) keeps the interpretation fully
     * intelligible, since a single competing talker 15 dB down barely masks speech at all, while the
     * original stays plainly audible: who is talking, their tone, their pauses. It is where broadcast
     * voice-over puts the original (12 to 20 dB under the translation). It also leaves headroom: the
     * ducked original adds at most 18% of full scale, and stays some 20 dB above G.711's
     * quantisation noise.
     */
    static final double DUCK_DB = -15.0;
    /** {@link #DUCK_DB} as a Q15 gain: 5827/32768 ≈ 0.178. */
    static final int DUCK_Q15 = (int) Math.round(Math.pow(10, DUCK_DB / 20) * 32768);

    static final int FRAME_MILLIS = 20;
    static final long FRAME_NANOS = FRAME_MILLIS * 1_000_000L;
    /** How far ahead of playout the leg is kept: 60 ms absorbs 40 ms of timer or event-loop lateness. */
    static final int LEAD_FRAMES = 3;
    static final long LEAD_NANOS = LEAD_FRAMES * FRAME_NANOS;
    /**
     * A tick tops the leg up while it holds less than this. Half a frame short of the lead, because
     * timers fire a little late: topping up to the full lead would send two frames on every tick
     * that is a fraction of a millisecond late, and the lead would creep up a frame.
     */
    static final long TOP_UP_BELOW_NANOS = LEAD_NANOS - FRAME_NANOS / 2;
    /**
     * At most this much of the original is held. It is a live copy of what the other party is saying,
     * kept only as ambience: when it piles up (a burst after a network stall), the oldest is dropped
     * rather than letting the ambience fall ever further behind the speaker.
     */
    static final int ORIGINAL_MILLIS = 200;
    /**
     * At most this much interpretation is held: far more than any queue of translated utterances
     * (a listener cannot usefully be two minutes behind), so reaching it means a producer that never
     * stops. The newest chunk is then refused (and counted), never the oldest dropped: what is already
     * queued is what the listener is hearing, and its tags must come back.
     */
    static final int INTERPRETATION_MILLIS = 120_000;

    private static final byte[] NO_AUDIO = new byte[0];

    /** A queued piece of interpretation: bytes in the leg's format, and the tag that goes with its end. */
    private static final class Piece {
        final byte[] audio;
        final Object tag;
        int offset;

        Piece(byte[] audio, Object tag) {
            this.audio = audio;
            this.tag = tag;
        }

        int remaining() {
            return audio.length - offset;
        }
    }

    private final Leg leg;
    private final Context context;
    private final LongSupplier nanoClock;
    private final AudioFormat format;
    private final AudioFormat linear;
    private final int bytesPerSample;
    private final int frameBytes;
    private final int frameSamples;
    private final long maxInterpretationBytes;

    // Interpretation, in the leg's format, in order.
    private final ArrayDeque<Piece> interpretation = new ArrayDeque<>();
    private long interpretationBytes;
    private long refusedChunks;

    // The original, as linear samples at the leg's rate, in a ring that drops its oldest when full.
    private final short[] original;
    private int originalStart;
    private int originalCount;
    private long droppedOriginalSamples;
    private Transcoder toLinear; // built for the first original chunk's format; rebuilt if it changes

    // Per-frame scratch, reused.
    private final int[] mix;
    private final List<Object> completedTags = new ArrayList<>();

    /** When everything handed to the leg so far ends playing, as far as this side can tell. */
    private long playoutEnd = Long.MIN_VALUE;
    private long timer = -1;
    /** The interpretation's last partial frame was held back at a tick already (see {@link #holdPartial}). */
    private boolean partialHeld;
    private long framesSent;
    private boolean closed;

    DuckedMix(Leg leg, Context context) {
        this(leg, context, System::nanoTime);
    }

    DuckedMix(Leg leg, Context context, LongSupplier nanoClock) {
        this.leg = leg;
        this.context = context;
        this.nanoClock = nanoClock;
        this.format = leg.format();
        this.linear = new AudioFormat(Encoding.L16, format.sampleRate());
        this.bytesPerSample = format.encoding().bytesPerSample();
        this.frameBytes = format.bytesFor(FRAME_MILLIS);
        this.frameSamples = frameBytes / bytesPerSample;
        this.maxInterpretationBytes = (long) format.bytesFor(INTERPRETATION_MILLIS);
        this.original = new short[format.sampleRate() * ORIGINAL_MILLIS / 1000];
        this.mix = new int[frameSamples];
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public void play(AudioChunk chunk, Object tag) {
        if (!chunk.format().equals(format)) {
            throw new IllegalArgumentException("this earpiece plays " + format + ", not " + chunk.format());
        }
        if (closed) return;
        byte[] audio = chunk.data();
        if (audio.length == 0) {
            if (tag == null) return;
            if (interpretation.isEmpty()) {
                // Everything before it has already gone to the leg: the leg marks the position itself.
                leg.play(new AudioChunk(format, NO_AUDIO), tag);
            } else {
                interpretation.add(new Piece(NO_AUDIO, tag));
            }
            return;
        }
        if (interpretationBytes + audio.length > maxInterpretationBytes) {
            if (refusedChunks++ == 0) log.warn("interpretation queue full ({} s): refusing audio", INTERPRETATION_MILLIS / 1000);
            return;
        }
        interpretation.add(new Piece(audio, tag));
        interpretationBytes += audio.length;
        startIfReady();
    }

    @Override
    public void clear() {
        if (closed) return;
        interpretation.clear();
        interpretationBytes = 0;
        partialHeld = false;
        leg.clear();
        // The leg has dropped its queue, ambience and all: it is empty now, and the lead is rebuilt from here.
        playoutEnd = nanoClock.getAsLong();
    }

    @Override
    public void original(AudioChunk chunk) {
        if (closed || chunk.data().length == 0) return;
        if (toLinear == null || !toLinear.from().equals(chunk.format())) toLinear = new Transcoder(chunk.format(), linear);
        byte[] pcm = toLinear.convert(chunk.data());
        // Dropping the oldest when full loses nothing that matters: this is a copy for the listener's
        // ear; the speaker's words reach recognition and the recording by their own path.
        int capacity = original.length;
        for (int b = 0; b + 1 < pcm.length; b += 2) {
            short sample = (short) ((pcm[b] & 0xFF) | (pcm[b + 1] << 8));
            if (originalCount == capacity) {
                originalStart = (originalStart + 1) % capacity;
                originalCount--;
                droppedOriginalSamples++;
            }
            original[(originalStart + originalCount) % capacity] = sample;
            originalCount++;
        }
        startIfReady();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        stopTimer();
        interpretation.clear();
        interpretationBytes = 0;
        originalCount = 0;
    }

    /** Interpretation chunks refused because the queue was full; their tags never come back. */
    long refusedChunks() {
        return refusedChunks;
    }

    /** Milliseconds of original dropped because more piled up than {@link #ORIGINAL_MILLIS}. */
    long droppedOriginalMillis() {
        return droppedOriginalSamples * 1000 / format.sampleRate();
    }

    /** Frames handed to the leg so far. */
    long framesSent() {
        return framesSent;
    }

    /** Whether the mixer's timer is running. */
    boolean running() {
        return timer >= 0;
    }

    /**
     * Starts the mixer when there is something to mix: any interpretation at once, the original only
     * once a lead's worth of it is buffered, so live audio arriving at real time has a cushion against
     * its own jitter instead of leaving the leg empty whenever a packet is late.
     */
    private void startIfReady() {
        if (timer >= 0) return;
        if (interpretation.isEmpty() && originalCount < LEAD_FRAMES * frameSamples) return;
        if (Vertx.currentContext() != context) {
            context.runOnContext(v -> {
                if (!closed) startIfReady();
            });
            return;
        }
        // A periodic timer set on the context's thread fires on that context.
        timer = context.owner().setPeriodic(FRAME_MILLIS, id -> tick());
        tick();
    }

    private void stopTimer() {
        if (timer >= 0) context.owner().cancelTimer(timer);
        timer = -1;
    }

    private void tick() {
        if (closed) return;
        long now = nanoClock.getAsLong();
        // The leg ran dry (or never started): its playout starts again from now.
        if (playoutEnd < now) playoutEnd = now;
        // As many frames as real time requires: one per tick normally, more after a late tick, and
        // at most the lead's worth after a stall, since each frame moves playoutEnd on by 20 ms.
        while (playoutEnd - now < TOP_UP_BELOW_NANOS && !holdPartial(playoutEnd - now) && emitFrame()) {
            playoutEnd += FRAME_NANOS;
        }
        if (playoutEnd <= now && !canEmit()) stopTimer();
    }

    /**
     * Whether to hold back the interpretation's last, partial frame for one tick rather than pad it
     * with silence now. Audio arrives in chunks of any size, and the rest of that frame is usually
     * in the next chunk: padding at every chunk boundary would put gaps in the speech. It is held
     * once (20 ms) and only while the leg has a frame left to play, or is idle (then waiting only
     * delays the start); after that it goes out padded, since it may be the end of the utterance.
     */
    private boolean holdPartial(long lead) {
        if (interpretation.isEmpty() || interpretationBytes >= frameBytes) return false;
        if (partialHeld || (lead > 0 && lead < FRAME_NANOS)) return false;
        partialHeld = true;
        return true;
    }

    private boolean canEmit() {
        return !interpretation.isEmpty() || originalCount >= frameSamples;
    }

    /** Mixes and sends the next frame; false when there is nothing to send. */
    private boolean emitFrame() {
        if (!canEmit()) return false;
        int interpretationSamples = takeInterpretation();
        int originalSamples = Math.min(frameSamples, originalCount);
        addDuckedOriginal(originalSamples);
        if (interpretationSamples == 0 && originalSamples == 0) {
            // Only markers were left (their audio went out in an earlier frame).
            for (Object tag : completedTags) leg.play(new AudioChunk(format, NO_AUDIO), tag);
            completedTags.clear();
            return false;
        }
        byte[] frame = encode();
        framesSent++;
        partialHeld = false;
        if (completedTags.isEmpty()) {
            leg.play(new AudioChunk(format, frame), null);
            return true;
        }
        leg.play(new AudioChunk(format, frame), completedTags.get(0));
        for (int i = 1; i < completedTags.size(); i++) leg.play(new AudioChunk(format, NO_AUDIO), completedTags.get(i));
        completedTags.clear();
        return true;
    }

    /**
     * Decodes up to a frame of interpretation into {@link #mix} (the rest zero) and collects the tags
     * of the pieces it completes, markers right after them included. Returns the samples taken.
     */
    private int takeInterpretation() {
        int filled = 0;
        for (Piece head; (head = interpretation.peek()) != null; ) {
            if (head.remaining() == 0) {
                interpretation.poll();
                if (head.tag != null) completedTags.add(head.tag);
                continue;
            }
            if (filled == frameSamples) break;
            int take = Math.min(frameSamples - filled, head.remaining() / bytesPerSample);
            decode(head.audio, head.offset, take, filled);
            head.offset += take * bytesPerSample;
            interpretationBytes -= (long) take * bytesPerSample;
            filled += take;
        }
        for (int i = filled; i < frameSamples; i++) mix[i] = 0;
        return filled;
    }

    private void decode(byte[] audio, int offset, int samples, int into) {
        switch (format.encoding()) {
            case PCMU -> {
                for (int i = 0; i < samples; i++) mix[into + i] = G711.ulawToLinear(audio[offset + i]);
            }
            case PCMA -> {
                for (int i = 0; i < samples; i++) mix[into + i] = G711.alawToLinear(audio[offset + i]);
            }
            case L16 -> {
                for (int i = 0, b = offset; i < samples; i++, b += 2) {
                    mix[into + i] = (short) ((audio[b] & 0xFF) | (audio[b + 1] << 8));
                }
            }
        }
    }

    private void addDuckedOriginal(int samples) {
        int capacity = original.length;
        for (int i = 0; i < samples; i++) {
            mix[i] += (original[(originalStart + i) % capacity] * DUCK_Q15) >> 15;
        }
        originalStart = (originalStart + samples) % capacity;
        originalCount -= samples;
    }

    /** {@link #mix}, clipped to 16 bits, in the leg's encoding. */
    private byte[] encode() {
        byte[] frame = new byte[frameBytes];
        switch (format.encoding()) {
            case PCMU -> {
                for (int i = 0; i < frameSamples; i++) frame[i] = G711.linearToUlaw(clip(mix[i]));
            }
            case PCMA -> {
                for (int i = 0; i < frameSamples; i++) frame[i] = G711.linearToAlaw(clip(mix[i]));
            }
            case L16 -> {
                for (int i = 0, b = 0; i < frameSamples; i++, b += 2) {
                    short s = clip(mix[i]);
                    frame[b] = (byte) s;
                    frame[b + 1] = (byte) (s >> 8);
                }
            }
        }
        return frame;
    }

    private static short clip(int sample) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample));
    }
}

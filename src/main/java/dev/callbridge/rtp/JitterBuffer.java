package dev.callbridge.rtp;

import java.util.Arrays;

/**
 * Turns packets arriving irregularly, out of order or twice into one 20 ms frame per tick, in
 * sequence order. Pure: it has no clock; the session calls {@link #next} once per 20 ms tick.
 *
 * <p>Fixed delay. Playout starts once {@code targetDepth} packets are held (or {@code targetDepth}
 * ticks after the first packet, so a lone packet is not held forever), and from then on the
 * playout point advances one sequence number per tick whatever arrives. A missing frame is
 * concealed with silence of the format (μ-law 0xFF, L16 zeros). Latency therefore stays at the
 * target depth; a packet that turns up after its turn is dropped as late. An adaptive depth is
 * not worth it here: the far side is Asterisk on the same LAN, and the listener is a speech model
 * that tolerates a concealed frame better than growing delay.
 *
 * <p>Counting: a frame concealed while later packets are waiting is lost at once; a frame
 * concealed because the buffer ran dry is counted as lost only if the stream then continues,
 * since a stream that simply stopped lost nothing.
 *
 * <p>A sender that pauses (nothing sent for a while) goes on with the next sequence number, not
 * one that counts the pause (RFC 3550; only the timestamp jumps). So a packet newer than all
 * played, arriving while the buffer is dry, resumes the stream from itself; what the sequence
 * numbers skipped, if anything, is lost. After {@code idleAfterTicks} dry ticks the
 * buffer goes idle: {@link #next} returns null until packets arrive again, instead of emitting
 * silence forever. The buffer holds at most {@code maxDepth} sequence numbers ahead of the
 * playout point; a packet further ahead pushes the playout point forward, dropping the oldest.
 *
 * <p>One slot per sequence number assumes 20 ms packets, which is what the session admits.
 * Not thread-safe: one per session, used on its event loop.
 */
public final class JitterBuffer {
    public static final int DEFAULT_TARGET_DEPTH = 2;
    public static final int DEFAULT_MAX_DEPTH = 10;
    public static final int DEFAULT_IDLE_AFTER_TICKS = 5;
    /** Stored for a sequence number that carried no audio (a DTMF event packet): played as silence, not counted lost. */
    private static final byte[] NO_AUDIO = new byte[0];

    private enum State { EMPTY, FILLING, PLAYING, IDLE }

    private final int frameBytes;
    private final byte silence;
    private final int targetDepth;
    private final int idleAfterTicks;
    private final RtpMetrics metrics;
    private final SequenceExtender sequences = new SequenceExtender();
    private final byte[][] slots; // slot of ext is ext % slots.length; all held packets lie in [next, next + length)

    private State state = State.EMPTY;
    private boolean sourceKnown;
    private long ssrc;
    private long next;                     // extended sequence number the next tick plays
    private long floor = Long.MIN_VALUE;   // numbers below this have had their turn
    private long highest;
    private long lastPlayed = -1;          // extended sequence number of the last packet played
    private long playedMask;               // bit i: floor - 1 - i was played from a real packet (tells duplicate from late)
    private int held;
    private int fillTicks;
    private int dryTicks;                  // consecutive ticks with nothing held

    public JitterBuffer(RtpFormat format, RtpMetrics metrics) {
        this(format, DEFAULT_TARGET_DEPTH, DEFAULT_MAX_DEPTH, DEFAULT_IDLE_AFTER_TICKS, metrics);
    }

    public JitterBuffer(RtpFormat format, int targetDepth, int maxDepth, int idleAfterTicks, RtpMetrics metrics) {
        if (targetDepth < 1 || maxDepth < targetDepth) {
            throw new IllegalArgumentException("need 1 <= targetDepth <= maxDepth, got " + targetDepth + " and " + maxDepth);
        }
        if (idleAfterTicks < 0) throw new IllegalArgumentException("idleAfterTicks must be >= 0: " + idleAfterTicks);
        this.frameBytes = format.frameBytes();
        this.silence = format.silenceByte();
        this.targetDepth = targetDepth;
        this.idleAfterTicks = idleAfterTicks;
        this.metrics = metrics;
        this.slots = new byte[maxDepth][];
    }

    /**
     * Adds the frame carried by packet {@code sequence} of source {@code ssrc}, already in the
     * leg's format; {@code frame} null means the packet carried no audio for its 20 ms (an event),
     * which plays as silence. The buffer keeps the array.
     */
    public void insert(long ssrc, int sequence, byte[] frame) {
        if (!sourceKnown || ssrc != this.ssrc) {
            if (sourceKnown) reset(); // a new SSRC is a new stream: its numbers mean nothing next to the old one's
            sourceKnown = true;
            this.ssrc = ssrc;
        }
        long ext = sequences.extend(sequence);
        if (ext == SequenceExtender.UNTRUSTED) {
            metrics.late();
            return;
        }
        if (sequences.restarted()) restartNumbering();
        if (ext < floor && ext > lastPlayed && held == 0 && (state == State.PLAYING || state == State.IDLE)) resume(ext);
        if (ext < floor) {
            stale(ext);
            return;
        }
        switch (state) {
            case EMPTY, IDLE -> {
                // After a pause the numbers go on from the last one played: any skipped were sent and lost.
                if (state == State.IDLE && lastPlayed >= 0 && ext > lastPlayed + 1) {
                    metrics.lost((int) Math.min(Integer.MAX_VALUE, ext - lastPlayed - 1));
                }
                state = State.FILLING;
                next = ext;
                highest = ext;
                fillTicks = 0;
                dryTicks = 0;
            }
            case FILLING -> {
                if (ext < next) {
                    if (highest - ext >= slots.length) {
                        metrics.late();
                        return;
                    }
                    next = ext; // reordered before playout started: start from the earlier one
                }
            }
            case PLAYING -> { }
        }
        if (ext - next >= slots.length) skipTo(ext - slots.length + 1);
        int slot = (int) (ext % slots.length);
        if (slots[slot] != null) {
            metrics.duplicate();
            return;
        }
        slots[slot] = frame == null ? NO_AUDIO : frame;
        held++;
        if (ext < highest) metrics.reordered();
        else highest = ext;
        if (state == State.PLAYING && dryTicks > 0) {
            metrics.lost(dryTicks); // the stream went on, so the dry ticks were missing packets after all
            dryTicks = 0;
        }
        if (state == State.FILLING && held >= targetDepth) startPlaying();
    }

    /**
     * The frame for this tick: the next packet's audio, silence for a missing one, or null when
     * there is nothing to play (filling up, or idle). Call once per 20 ms.
     */
    public byte[] next() {
        if (state == State.FILLING && ++fillTicks >= targetDepth) startPlaying();
        if (state != State.PLAYING) return null;
        int slot = (int) (next % slots.length);
        byte[] frame = slots[slot];
        if (frame != null) {
            slots[slot] = null;
            held--;
            dryTicks = 0;
            lastPlayed = next;
            advance(true);
            return frame == NO_AUDIO ? silence() : frame;
        }
        if (held > 0) {
            metrics.lost(1);
        } else if (dryTicks == idleAfterTicks) {
            state = State.IDLE; // the stream stopped: no endless silence
            dryTicks = 0;
            return null;
        } else {
            dryTicks++;
        }
        advance(false);
        return silence();
    }

    /** True while the buffer needs ticks: it holds packets or is playing out; false when empty or idle. */
    public boolean active() {
        return state == State.FILLING || state == State.PLAYING;
    }

    /** Packets held, waiting for their turn. */
    public int depth() {
        return held;
    }

    /** The stream goes on after a pause in sending: play from {@code ext}, without counting the pause as loss. */
    private void resume(long ext) {
        if (lastPlayed >= 0 && ext > lastPlayed + 1) metrics.lost((int) Math.min(Integer.MAX_VALUE, ext - lastPlayed - 1));
        dryTicks = 0;
        next = ext;
        highest = Math.max(highest, ext);
        floor = ext;
        playedMask = 0;
    }

    private void startPlaying() {
        state = State.PLAYING;
        moveFloor(next);
    }

    private void advance(boolean played) {
        next++;
        playedMask = playedMask << 1 | (played ? 1 : 0);
        floor = next;
    }

    /** Moves the playout point forward to {@code to}, dropping what is held before it. */
    private void skipTo(long to) {
        for (; next < to; next++) {
            int slot = (int) (next % slots.length);
            if (slots[slot] != null) {
                slots[slot] = null;
                held--;
                metrics.overflow();
            } else if (state == State.PLAYING) {
                metrics.lost(1);
            }
        }
        if (state == State.PLAYING) moveFloor(next);
    }

    private void moveFloor(long to) {
        long by = floor == Long.MIN_VALUE ? 64 : to - floor;
        playedMask = by >= 64 ? 0 : playedMask << by;
        floor = to;
    }

    private void stale(long ext) {
        long age = floor - 1 - ext;
        if (age < 64 && (playedMask >>> age & 1) != 0) metrics.duplicate();
        else metrics.late();
    }

    private byte[] silence() {
        byte[] frame = new byte[frameBytes];
        if (silence != 0) Arrays.fill(frame, silence);
        return frame;
    }

    private void reset() {
        sequences.reset();
        restartNumbering();
    }

    private void restartNumbering() {
        Arrays.fill(slots, null);
        held = 0;
        state = State.EMPTY;
        floor = Long.MIN_VALUE;
        playedMask = 0;
        dryTicks = 0;
        lastPlayed = -1;
    }
}

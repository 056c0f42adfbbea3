package dev.callbridge.recording;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.G711;
import dev.callbridge.audio.Pcm16;

/**
 * One call's audio, laid on the call timeline as 16-bit stereo at the leg's rate: left is the
 * caller as received, right is what was played to the caller. Position 0 is the call's
 * {@code startNanos} (when it was answered), the origin of the transcript's {@code startMs}, so
 * an entry's {@code startMs} is {@code startMs × rate / 1000} samples into the file.
 *
 * <ul>
 *   <li><b>Left:</b> frames follow one another sample for sample in runs. A run starts where its
 *   first frame arrived; a frame that arrives more than {@link #GAP_MILLIS} after its
 *   predecessor's end (the caller's audio stopped, or frames were lost), or after frames the
 *   recorder had to drop, starts a new run where it arrived, so the gap is silence and the
 *   channel stays on the clock. A run whose frames come in earlier than it predicts began with a
 *   burst (frames held while the call was set up, or a stalled sender): while it is still held
 *   here it moves back to the earliest arrival its frames allow, never over the run before it.
 *   So a run sits where its least-delayed frame puts it. The first run may move back past t = 0:
 *   audio the caller sent before then (while the call was being set up) is not on the timeline,
 *   so that everything after it is where the transcript says.</li>
 *   <li><b>Right:</b> each piece goes where the leg says it started playing (the packet's slot
 *   for RTP, the playout model for Twilio), never over audio already there; a cut silences
 *   everything from the cut on.</li>
 * </ul>
 *
 * <p>Samples are released ({@link #drainUpTo}) only {@link #HOLD_MILLIS} behind the latest event,
 * so a frame delivered a little late, or a run that moves back, still lands in place. Pure and single-threaded: the
 * {@link RecordingWriter}'s thread owns it.
 */
final class RecordingMixer {
    /** Jitter a caller's frame may have before its lateness counts as a gap. */
    static final int GAP_MILLIS = 100;
    /** How far behind the clock audio is released; more than {@link #GAP_MILLIS}, so late frames still fit. */
    static final int HOLD_MILLIS = 200;
    /** Audio the right channel may be given ahead of time (a model that streams faster than real time). */
    static final int MAX_AHEAD_SECONDS = 300;

    private final AudioFormat format;
    private final int rate;
    private final long startNanos;
    private final long gapSamples;
    private final StereoTimeline timeline;
    private long leftNext = -1;
    /** Where the current left run starts, and where the one before it ended (a run never moves over it). */
    private long runStart;
    private long previousRunEnd;
    private boolean overflowed;

    RecordingMixer(AudioFormat format, long startNanos) {
        this.format = format;
        this.rate = format.sampleRate();
        this.startNanos = startNanos;
        this.gapSamples = (long) rate * GAP_MILLIS / 1000;
        this.timeline = new StereoTimeline(rate * MAX_AHEAD_SECONDS);
    }

    int sampleRate() {
        return rate;
    }

    /** True once audio had to be refused for being too far ahead of what was written. */
    boolean overflowed() {
        return overflowed;
    }

    /** A frame from the caller that arrived at {@code atNanos}; {@code afterLoss}: frames before it were dropped. */
    void received(byte[] audio, long atNanos, boolean afterLoss) {
        long arrived = position(atNanos);
        short[] samples = decode(audio);
        boolean newRun = leftNext < 0 || afterLoss || arrived > leftNext + gapSamples;
        long at = Math.max(newRun ? arrived : leftNext, timeline.base());
        if (!timeline.put(StereoTimeline.LEFT, samples, at)) {
            overflowed = true;
            return;
        }
        if (newRun) {
            previousRunEnd = Math.max(leftNext, 0);
            runStart = at;
        }
        leftNext = at + samples.length;
        long early = at - arrived; // > 0: this frame came before the run says it should
        // The first run, while nothing is written yet, may move past 0 (what falls before it is dropped).
        boolean firstRunUnwritten = previousRunEnd == 0 && timeline.base() == 0;
        long room = firstRunUnwritten ? early : runStart - Math.max(timeline.base(), previousRunEnd);
        long shift = Math.min(early, room);
        if (shift > 0) {
            timeline.moveBack(StereoTimeline.LEFT, runStart, leftNext, shift);
            runStart = Math.max(0, runStart - shift);
            leftNext = Math.max(0, leftNext - shift);
        }
    }

    /** Audio that started playing to the caller at {@code startNanos}. */
    void played(byte[] audio, long startNanos) {
        long at = Math.max(position(startNanos), timeline.end(StereoTimeline.RIGHT));
        if (!timeline.put(StereoTimeline.RIGHT, decode(audio), at)) overflowed = true;
    }

    /** Playback was cut at {@code atNanos}. */
    void cut(long atNanos) {
        timeline.cut(StereoTimeline.RIGHT, position(atNanos));
    }

    /**
     * Silence from what is written up to {@code untilNanos}, at most {@code maxMillis} of it per
     * call (call again until it is empty): the start of a party's file who joined the call late.
     * Only before any audio was given.
     */
    byte[] silenceUpTo(long untilNanos, int maxMillis) {
        if (leftNext >= 0 || timeline.end(StereoTimeline.RIGHT) > timeline.base()) {
            throw new IllegalStateException("leading silence after audio was given");
        }
        return timeline.drain(Math.min(position(untilNanos), timeline.base() + (long) rate * maxMillis / 1000));
    }

    /**
     * Stereo PCM for everything up to {@link #HOLD_MILLIS} before {@code settledNanos}: the time of
     * the latest event applied, which later events of the call cannot precede.
     */
    byte[] drainUpTo(long settledNanos) {
        return timeline.drain(position(settledNanos) - (long) rate * HOLD_MILLIS / 1000);
    }

    /** The call ended at {@code endNanos}: nothing played after it was heard. Returns the rest of the audio. */
    byte[] finish(long endNanos) {
        timeline.cut(StereoTimeline.RIGHT, position(endNanos));
        return timeline.drainAll();
    }

    /** The sample position of an instant on the call timeline; before the start is 0. */
    long position(long nanos) {
        return Math.max(0, Math.floorDiv((nanos - startNanos) * rate, 1_000_000_000L));
    }

    private short[] decode(byte[] audio) {
        short[] samples;
        switch (format.encoding()) {
            case PCMU -> {
                samples = new short[audio.length];
                for (int i = 0; i < audio.length; i++) samples[i] = G711.ulawToLinear(audio[i]);
            }
            case PCMA -> {
                samples = new short[audio.length];
                for (int i = 0; i < audio.length; i++) samples[i] = G711.alawToLinear(audio[i]);
            }
            case L16 -> samples = Pcm16.toShorts(audio);
            default -> throw new IllegalStateException("unknown encoding " + format.encoding());
        }
        return samples;
    }
}

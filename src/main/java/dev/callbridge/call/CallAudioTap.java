package dev.callbridge.call;

import dev.callbridge.audio.AudioFormat;

/**
 * A copy of one call's audio for its recording: what the caller's leg delivered, and (as a
 * {@link PlayoutTap} the leg reports to) what was played to the caller. Every method runs on the
 * call's context and must cost the media path no more than a copy and a queue offer; the one
 * exception is a second party's tap ({@link #party}), whose leg may report its playout from its
 * own context.
 */
public interface CallAudioTap extends PlayoutTap {
    /** {@code audio}, in the leg's format, arrived from the caller at {@code atNanos} ({@link System#nanoTime}). */
    void received(byte[] audio, long atNanos);

    /** The call has ended: nothing more will be reported. Closes the second party's tap too, if it has one. */
    void close();

    /**
     * Opens the recording of an interpreted call's second party, whose leg (in {@code format})
     * has just joined: the same for B as this tap is for A, on the same timeline. At most once,
     * on the call's own tap. Null when the party is not recorded.
     */
    default CallAudioTap party(AudioFormat format) {
        return null;
    }

    /** Opens a call's tap once its leg (and so the audio format) is known. */
    interface Opener {
        /**
         * @param requested  the call's own {@code record} wish, or null for the server's default
         * @param startNanos the call timeline's t = 0, the origin of the transcript's {@code startMs}
         * @return the tap, or null when this call is not recorded
         */
        CallAudioTap open(CallRecord call, Boolean requested, AudioFormat format, long startNanos);

        Opener NONE = (call, requested, format, startNanos) -> null;
    }
}

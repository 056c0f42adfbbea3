package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What a speaking load-test caller sends: the utterance, the pause, the wrap, and where each call starts. */
class SpeechLoopTest {
    private static final byte SILENCE = (byte) 0xFF;
    private static final byte LOUD = (byte) 0x00; // μ-law's most negative code, about −32 000

    /** {@code frames} 20 ms frames: the first {@code loud} with sound, the rest μ-law silence. */
    private static byte[] utterance(int frames, int loud) {
        byte[] ulaw = new byte[frames * SpeechLoop.FRAME_BYTES];
        Arrays.fill(ulaw, SILENCE);
        Arrays.fill(ulaw, 0, loud * SpeechLoop.FRAME_BYTES, LOUD);
        return ulaw;
    }

    @Test
    void thePauseFollowsTheUtteranceAndTheUtteranceEndsAtItsLastSound() {
        SpeechLoop loop = SpeechLoop.of(utterance(10, 7), 100);

        assertThat(loop.frames()).isEqualTo(15);
        assertThat(loop.millis()).isEqualTo(300);
        assertThat(loop.spokenFrames()).as("trailing silence in the file is not speech").isEqualTo(7);
        assertThat(loop.endsUtterance(6)).isTrue();
        assertThat(loop.endsUtterance(7)).isFalse();
        assertThat(loop.endsUtterance(15 + 6)).as("every time round").isTrue();
    }

    @Test
    void framesWrapAroundTheLoop() {
        SpeechLoop loop = SpeechLoop.of(utterance(2, 2), 20);
        byte[] frame = new byte[SpeechLoop.FRAME_BYTES];

        loop.copyFrame(2, frame);
        assertThat(frame).containsOnly(SILENCE);
        loop.copyFrame(3, frame);
        assertThat(frame).containsOnly(LOUD);
    }

    @Test
    void callsStartSpreadEvenlyOverOneLoop() {
        SpeechLoop loop = SpeechLoop.of(utterance(50, 50), 1000);

        assertThat(loop.startFrame(0, 1)).isZero();
        assertThat(loop.startFrame(0, 4)).isZero();
        assertThat(loop.startFrame(1, 4)).isEqualTo(25);
        assertThat(loop.startFrame(3, 4)).isEqualTo(75);
    }

    @Test
    void silentOrTooShortAudioIsRefused() {
        assertThatThrownBy(() -> SpeechLoop.of(utterance(5, 0), 100)).hasMessageContaining("silent");
        assertThatThrownBy(() -> new SpeechLoop(new byte[100], 1)).hasMessageContaining("shorter than one 20 ms frame");
        assertThatThrownBy(() -> SpeechLoop.of(utterance(5, 5), -1)).hasMessageContaining("--pause-ms");
    }
}

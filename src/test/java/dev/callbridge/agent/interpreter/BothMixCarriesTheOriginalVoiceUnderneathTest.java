package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.FrameLevel;
import dev.callbridge.call.TranscriptEntry;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BothMixCarriesTheOriginalVoiceUnderneathTest {

    @Test
    void bHearsAsVoiceDuckedWhileItIsSpokenAndTheInterpretationIsStillOnTheRecord() {
        try (InterpreterRig rig = new InterpreterRig(InterpreterAgent.Mix.BOTH, "en", "es")) {
            rig.stt.script("en", "good morning");
            rig.awaitConnected();
            int before = rig.b.receivedAudio().length;
            rig.say(rig.a, "Good morning to you", 700);
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.speech().size() == 1);

            byte[] heard = Arrays.copyOfRange(rig.b.receivedAudio(), before, rig.b.receivedAudio().length);
            int loud = 0;
            for (int off = 0; off + 160 <= heard.length; off += 160) {
                if (FrameLevel.meanAbs(new AudioChunk(InterpreterRig.FORMAT, Arrays.copyOfRange(heard, off, off + 160))) > 100) loud++;
            }
            // A's words last about a second: most of their frames reach B, ducked, before any interpretation.
            assertThat(loud).isGreaterThan(20);
            TranscriptEntry e = rig.speech().get(0);
            assertThat(e.translation()).isEqualTo("[es] good morning");
            assertThat(e.interrupted()).isFalse();
        }
    }
}

package dev.callbridge.engine.stt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.G711;
import dev.callbridge.engine.stt.FakeTranscriptions.Reply;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A phone leg's μ-law 8 kHz goes up as 16-bit PCM at 8 kHz, sample for sample (Whisper servers do not all read μ-law WAV). */
class MulawUtteranceIsSentAsPcm16Test {
    private final SttFixture f = new SttFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void mulawIsExpanded() {
        f.fake.enqueue(Reply.text(" Yes."));
        AudioChunk ulaw = Tones.tone(AudioFormat.PCMU_8K, 1000);
        SttFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), ulaw, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> !o.recorder().events.isEmpty());

        var served = f.fake.served().getFirst();
        assertThat(served.violations()).isEmpty();
        assertThat(served.wav().format()).isEqualTo(AudioFormat.L16_8K);
        assertThat(served.wav().data()).isEqualTo(G711.ulawToPcm16(ulaw.data()));
        assertThat(o.recorder().transcript().text()).isEqualTo("Yes.");
        assertThat(o.recorder().transcript().audio()).isEqualTo(Duration.ofSeconds(1));
    }
}

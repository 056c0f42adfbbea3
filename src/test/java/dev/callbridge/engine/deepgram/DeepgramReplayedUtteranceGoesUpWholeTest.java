package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A whole utterance handed over at once, as an agent replays one after a transient failure (20 s of
 * 16 kHz PCM here, 640 KB, before the socket is even open), goes up whole and in order and is answered.
 */
class DeepgramReplayedUtteranceGoesUpWholeTest {
    private final DeepgramFixture f = new DeepgramFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void twentySecondsAtOnce() {
        f.fake.script().says("A long answer, replayed.").tick(1000);
        AudioChunk audio = DeepgramFixture.tone(AudioFormat.L16_16K, 20_000);
        DeepgramFixture.Opened o = f.open(AudioFormat.L16_16K, "en");
        f.speak(o.session(), audio, true);
        await().atMost(Duration.ofSeconds(15)).until(() -> o.recorder().answer() != null);
        assertThat(o.recorder().answer()).isInstanceOf(dev.callbridge.engine.stt.Transcript.class);
        assertThat(o.recorder().transcript().text()).isEqualTo("A long answer, replayed.");
        assertThat(o.recorder().transcript().audio()).isEqualTo(Duration.ofSeconds(20));
        assertThat(f.fake.awaitStream(0).audio()).isEqualTo(audio.data());
    }
}

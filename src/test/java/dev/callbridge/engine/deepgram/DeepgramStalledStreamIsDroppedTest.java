package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream whose server stops reading does not grow an unbounded queue of audio: once the socket's
 * backlog passes its bound the stream is dropped and the utterance fails as dropped, once.
 */
class DeepgramStalledStreamIsDroppedTest {
    private final DeepgramFixture f = new DeepgramFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void backlogIsBounded() {
        f.fake.script().says("Nobody reads this.").stopReading();
        DeepgramFixture.Opened o = f.open(AudioFormat.L16_16K, "en");
        f.speak(o.session(), DeepgramFixture.tone(AudioFormat.L16_16K, 100), false);
        f.fake.awaitStream(0);
        // Two seconds of audio at a time, until the kernel's buffers and then the socket's backlog are full.
        AudioChunk chunk = new AudioChunk(AudioFormat.L16_16K, new byte[AudioFormat.L16_16K.bytesFor(2000)]);
        int chunks = 0;
        while (chunks < 2000 && o.recorder().answer() == null) {
            f.onContext(() -> o.session().audio(chunk));
            chunks++;
        }
        System.out.println("Deepgram stream dropped as stalled after " + chunks * chunk.data().length / 1024 + " KB sent to a server that reads nothing");
        await().atMost(Duration.ofSeconds(10)).until(() -> o.recorder().answer() != null);
        EngineFailure e = o.recorder().failure();
        assertThat(e.kind()).isEqualTo(Kind.DROPPED);
        assertThat(e.getMessage()).isEqualTo("Deepgram: the stream stopped taking audio (over 262144 bytes unsent)");
        assertThat(o.recorder().wrongContext).isEmpty();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> o.recorder().answers() == 1);
    }
}

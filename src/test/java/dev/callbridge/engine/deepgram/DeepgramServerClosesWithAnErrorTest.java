package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deepgram ends a bad stream with a close frame whose code and reason say why: DATA-0000 (audio it
 * cannot decode) is a rejection, NET-0001 (nothing received in time) a timeout, a bare 1011 a server
 * error, and a normal close before the utterance ended a drop. Each carries Deepgram's code and words.
 */
class DeepgramServerClosesWithAnErrorTest {
    private final DeepgramFixture f = new DeepgramFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void audioItCannotDecode() {
        f.fake.script().says("Garbled.").closeAfter(2000, 1008, "DATA-0000");
        EngineFailure e = Failures.of(f, 1000);
        assertThat(e.kind()).isEqualTo(Kind.REJECTED);
        assertThat(e.errorCode()).isEqualTo("DATA-0000");
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).isEqualTo("Deepgram refused the audio: close 1008 DATA-0000");
    }

    @Test
    void nothingReceivedInTime() {
        // Deepgram's own NET-0001: the stream idles past its timeout (10 s for real; 300 ms here, below the client's keep-alive).
        f.fake.script().says("Hello.").idleTimeout(300);
        DeepgramFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), DeepgramFixture.tone(AudioFormat.PCMU_8K, 200), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> o.recorder().answer() != null);
        EngineFailure e = o.recorder().failure();
        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.errorCode()).isEqualTo("NET-0001");
        assertThat(e.serverMessage()).startsWith("Deepgram did not receive audio data or a text message within the timeout window");
        assertThat(e.getMessage()).startsWith("Deepgram timed out the stream: close 1011 Deepgram did not receive").endsWith("[NET-0001]");
        assertThat(o.recorder().wrongContext).isEmpty();
    }

    @Test
    void internalError() {
        f.fake.script().says("Hello.").closeAfter(2000, 1011, "Internal server error");
        EngineFailure e = Failures.of(f, 1000);
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.errorCode()).isNull();
        assertThat(e.getMessage()).isEqualTo("Deepgram closed the stream: close 1011 Internal server error");
    }

    @Test
    void normalCloseBeforeTheEnd() {
        f.fake.script().says("Hello.").closeAfter(2000, 1000, "");
        DeepgramFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), DeepgramFixture.tone(AudioFormat.PCMU_8K, 500), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> o.recorder().answer() != null);
        assertThat(o.recorder().failure().kind()).isEqualTo(Kind.DROPPED);
        assertThat(o.recorder().failure().getMessage()).isEqualTo("Deepgram closed the stream before the utterance's answer: close 1000");
    }
}

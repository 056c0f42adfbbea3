package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure.Kind;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Audio that arrives while the stream is still opening is held, never dropped, and goes up first and
 * in order, the later audio after it; the hold is bounded, and past the bound the utterance fails
 * instead of growing a buffer.
 */
class DeepgramAudioBeforeOpenIsHeldTest {
    private final DeepgramFixture f = new DeepgramFixture(DeepgramSpeechToText.Limits.DEFAULTS.withMaxPending(Duration.ofMillis(1000)));

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void heldAudioGoesUpFirstAndInOrder() {
        f.fake.handshakeDelay(Duration.ofMillis(400)).script().says("Every frame counts.");
        AudioChunk audio = DeepgramFixture.tone(AudioFormat.PCMU_8K, 1500);
        int frame = AudioFormat.PCMU_8K.bytesFor(20);
        DeepgramFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        // 20 ms frames at the pace a leg delivers them: the first 400 ms wait for the stream, the rest stream.
        AtomicInteger at = new AtomicInteger();
        f.onContext(() -> f.vertx.setPeriodic(20, id -> {
            int from = at.getAndAdd(frame);
            if (from >= audio.data().length) {
                f.vertx.cancelTimer(id);
                o.session().endOfUtterance();
                return;
            }
            o.session().audio(new AudioChunk(AudioFormat.PCMU_8K, Arrays.copyOfRange(audio.data(), from, Math.min(audio.data().length, from + frame))));
        }));
        await().atMost(Duration.ofSeconds(10)).until(() -> o.recorder().answer() != null);
        assertThat(o.recorder().transcript().text()).isEqualTo("Every frame counts.");
        assertThat(f.fake.awaitStream(0).audio()).isEqualTo(audio.data());
        assertThat(f.fake.awaitStream(0).violations()).isEmpty();
    }

    @Test
    void allOfItBeforeTheOpenAndTheEndToo() {
        f.fake.handshakeDelay(Duration.ofMillis(300)).script().says("Short.");
        AudioChunk first = DeepgramFixture.tone(AudioFormat.L16_16K, 500);
        DeepgramFixture.Opened o = f.open(AudioFormat.L16_16K, "en");
        f.speak(o.session(), first, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> o.recorder().answer() != null);
        assertThat(o.recorder().transcript().text()).isEqualTo("Short.");
        FakeListenStream stream = f.fake.awaitStream(0);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(first.data());
        assertThat(stream.audio()).isEqualTo(expected.toByteArray());
        assertThat(stream.controls()).containsExactly(ListenCodec.FINALIZE, ListenCodec.CLOSE_STREAM);
    }

    @Test
    void theHoldIsBounded() {
        f.fake.handshakeDelay(Duration.ofMillis(500)).script().says("Too much.");
        DeepgramFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), DeepgramFixture.tone(AudioFormat.PCMU_8K, 1200), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> o.recorder().answer() != null);
        assertThat(o.recorder().failure().kind()).isEqualTo(Kind.TOO_LONG);
        assertThat(o.recorder().failure().getMessage())
                .isEqualTo("Deepgram: more than 1000 ms of audio waited for the stream to open; the utterance was abandoned");
        assertThat(o.recorder().wrongContext).isEmpty();
        FakeListenStream stream = f.fake.awaitStream(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.closed().isComplete());
        assertThat(stream.audio()).isEmpty();
    }

    @Test
    void aFirstChunkPastTheBoundOpensNothing() {
        DeepgramFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.onContext(() -> o.session().audio(DeepgramFixture.tone(AudioFormat.PCMU_8K, 1500)));
        await().atMost(Duration.ofSeconds(5)).until(() -> o.recorder().answer() != null);
        assertThat(o.recorder().failure().kind()).isEqualTo(Kind.TOO_LONG);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> f.fake.handshakes().isEmpty());
    }
}

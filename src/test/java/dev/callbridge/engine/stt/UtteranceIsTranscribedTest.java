package dev.callbridge.engine.stt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.stt.FakeTranscriptions.Reply;
import dev.callbridge.engine.stt.FakeTranscriptions.Served;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An utterance goes up as one valid 16-bit WAV with the model, the language and json, and its text comes back trimmed. */
class UtteranceIsTranscribedTest {
    private final SttFixture f = new SttFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void l16UtteranceWithLanguage() {
        f.fake.enqueue(Reply.text(" Hello there, I'd like to book a table."));
        AudioChunk audio = Tones.tone(AudioFormat.L16_16K, 1500);
        SttFixture.Opened o = f.open(AudioFormat.L16_16K, "en");
        f.speak(o.session(), audio, true);

        await().atMost(Duration.ofSeconds(5)).until(() -> !o.recorder().events.isEmpty());
        Served served = f.fake.served().getFirst();
        assertThat(served.violations()).isEmpty();
        assertThat(served.fields()).containsEntry("model", SttFixture.MODEL).containsEntry("language", "en")
                .containsEntry("response_format", "json");
        assertThat(served.wav().format()).isEqualTo(AudioFormat.L16_16K);
        assertThat(served.wav().data()).as("the WAV holds exactly the frames, in order").isEqualTo(audio.data());

        Transcript t = o.recorder().transcript();
        assertThat(t.text()).as("the leading space whisper sends is gone; extra fields ignored").isEqualTo("Hello there, I'd like to book a table.");
        assertThat(t.language()).isEqualTo("en");
        assertThat(t.audio()).isEqualTo(Duration.ofMillis(1500));
        assertThat(t.latency()).isPositive().isLessThan(Duration.ofSeconds(5));
        System.out.println("STT round trip on loopback, 1.5 s utterance: " + t.latency().toNanos() / 1000 + " µs");
        assertThat(o.recorder().wrongContext).isEmpty();
        assertThat(o.recorder().events).hasSize(1);
    }

    @Test
    void unknownLanguageIsNotSent() {
        f.fake.enqueue(Reply.text("Hola"));
        SttFixture.Opened o = f.open(AudioFormat.L16_16K, null);
        f.speak(o.session(), Tones.tone(AudioFormat.L16_16K, 300), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> !o.recorder().events.isEmpty());
        Served served = f.fake.served().getFirst();
        assertThat(served.violations()).isEmpty();
        assertThat(served.fields()).doesNotContainKey("language");
        assertThat(o.recorder().transcript().text()).isEqualTo("Hola");
        assertThat(o.recorder().transcript().language()).isNull();
    }
}

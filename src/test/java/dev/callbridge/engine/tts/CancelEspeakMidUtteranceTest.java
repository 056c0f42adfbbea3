package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A barge-in cancels the sentence mid-speech: espeak-ng's process is killed at once, and the
 * listener hears nothing after the cancel, not another frame, not an end, not a failure.
 */
class CancelEspeakMidUtteranceTest {
    private final EspeakFixture f = new EspeakFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void cancelInsideTheFirstFrameKillsTheProcess() throws Exception {
        for (int round = 1; round <= 3; round++) {
            CompletableFuture<Synthesis> handle = new CompletableFuture<>();
            CompletableFuture<Optional<ProcessHandle>> process = new CompletableFuture<>();
            SpeechRecorder r = new SpeechRecorder();
            r.expected = f.context;
            r.onEachFrame = () -> {
                process.complete(EspeakFixture.liveEspeak());
                handle.join().cancel();
            };
            f.context.runOnContext(v -> handle.complete(f.engine.speak(EspeakStreamsAsItSpeaksTest.LONG_TEXT, "en", AudioFormat.PCMU_8K, r)));
            ProcessHandle espeak = process.get(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("no espeak-ng running at the first frame"));
            assertThat(espeak.onExit().get(2, TimeUnit.SECONDS).isAlive()).as("round %d: killed", round).isFalse();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> r.frames.size() == 1);
            assertThat(r.ended).as("round %d", round).isNotDone();
            assertThat(r.failed).as("round %d", round).isNotDone();
        }
        assertThat(EspeakFixture.liveEspeaks()).isEmpty();
    }

    @Test
    void cancelFromAnotherThreadKillsItToo() throws Exception {
        // Six minutes of text: espeak-ng makes speech a hundred times faster than it plays, and on a busy
        // machine the cancel below may come a minute of audio in; it must still come well before the end.
        EspeakFixture.Started s = f.speak(EspeakStreamsAsItSpeaksTest.LONG_TEXT.repeat(3), "en", AudioFormat.L16_16K);
        await().atMost(Duration.ofSeconds(10)).until(() -> s.recorder().millis() >= 100);
        Optional<ProcessHandle> espeak = EspeakFixture.liveEspeak();
        s.synthesis().cancel();
        s.synthesis().cancel();
        espeak.ifPresent(p -> assertThat(p.onExit().join().isAlive()).isFalse());
        f.drainContext(); // a delivery already running when cancel was called has finished
        int frames = s.recorder().frames.size();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> s.recorder().frames.size() == frames);
        assertThat(s.recorder().millis()).as("cut well before the six minutes of the text").isLessThan(240_000);
        assertThat(s.recorder().ended).isNotDone();
        assertThat(s.recorder().failed).isNotDone();
        assertThat(EspeakFixture.liveEspeaks()).isEmpty();
    }
}

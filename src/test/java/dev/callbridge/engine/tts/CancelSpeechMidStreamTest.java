package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.tts.FakeSpeechServer.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A barge-in cancels the speech mid-sentence: the server sees its connection closed, and the
 * listener hears nothing after the cancel, not another frame, not an end, not a failure.
 */
class CancelSpeechMidStreamTest {
    private final SpeechFixture f = new SpeechFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void cancelInsideTheFirstFrameStopsEverythingAfterIt() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            // Plenty written without a pause, often in the same read as the first frame.
            f.fake.enqueue(Reply.pcm(seed).millis(500).pause(300).millis(500));
            CompletableFuture<Synthesis> handle = new CompletableFuture<>();
            SpeechRecorder r = new SpeechRecorder();
            r.expected = f.context;
            r.onEachFrame = () -> handle.join().cancel();
            f.context.runOnContext(v -> handle.complete(f.client.speak("One two three four.", null, AudioFormat.PCMU_8K, r)));
            int nth = (int) seed - 1;
            await().atMost(Duration.ofSeconds(5)).until(() -> f.fake.served().size() > nth);
            f.fake.served().get(nth).connectionClosed().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> r.frames.size() == 1);
            assertThat(r.ended).as("seed %d", seed).isNotDone();
            assertThat(r.failed).as("seed %d", seed).isNotDone();
        }
    }

    @Test
    void cancelFromOutsideTheContextAlsoClosesTheConnection() throws Exception {
        f.fake.enqueue(Reply.pcm(9).millis(100).pause(5000).millis(100));
        SpeechFixture.Started s = f.speak("Hello there.", AudioFormat.L16_16K);
        await().atMost(Duration.ofSeconds(5)).until(() -> s.recorder().millis() >= 80);
        s.synthesis().cancel();
        s.synthesis().cancel();
        f.fake.served().get(0).connectionClosed().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        int frames = s.recorder().frames.size();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> s.recorder().frames.size() == frames);
        assertThat(s.recorder().ended).isNotDone();
        assertThat(s.recorder().failed).isNotDone();
    }
}

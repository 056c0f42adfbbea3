package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.tts.FakeElevenLabs.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A barge-in cancels the sentence: the client closes the socket with a close frame (so ElevenLabs
 * stops generating) and the listener hears nothing after the cancel, not another frame, not an
 * end, not a failure; also when the socket is still being opened.
 */
class ElevenLabsCancelMidSentenceTest {
    private final ElevenLabsFixture f = new ElevenLabsFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void cancelInsideTheFirstFrameStopsEverythingAfterIt() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            // Plenty sent without a pause, often in the same read as the first frame.
            f.fake.enqueue(Reply.speech(seed).millis(500).pause(300).millis(500));
            CompletableFuture<Synthesis> handle = new CompletableFuture<>();
            SpeechRecorder r = new SpeechRecorder();
            r.expected = f.context;
            r.onEachFrame = () -> handle.join().cancel();
            f.context.runOnContext(v -> handle.complete(f.client.speak("One two three four.", null, AudioFormat.PCMU_8K, r)));
            FakeElevenLabs.Served served = f.served((int) seed - 1);
            served.closed().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(served.clientCloseCode()).as("seed %d: closed by the client's close frame", seed).isEqualTo((short) 1000);
            assertThat(served.finished().isComplete()).as("seed %d: cut before the end", seed).isFalse();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> r.frames.size() == 1);
            assertThat(r.ended).as("seed %d", seed).isNotDone();
            assertThat(r.failed).as("seed %d", seed).isNotDone();
            assertThat(r.wrongContext).isNull();
        }
    }

    @Test
    void cancelFromOutsideTheContext() throws Exception {
        f.fake.enqueue(Reply.speech(9).millis(100).pause(5000).millis(100));
        SpeechFixture.Started s = f.speak("Hello there.", AudioFormat.L16_16K);
        await().atMost(Duration.ofSeconds(5)).until(() -> s.recorder().millis() >= 80);
        s.synthesis().cancel();
        s.synthesis().cancel();
        f.served(0).closed().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        int frames = s.recorder().frames.size();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> s.recorder().frames.size() == frames);
        assertThat(s.recorder().ended).isNotDone();
        assertThat(s.recorder().failed).isNotDone();
    }

    @Test
    void cancelBeforeTheSocketOpens() throws Exception {
        f.fake.enqueue(Reply.speech(4).millis(500));
        SpeechRecorder r = new SpeechRecorder();
        r.expected = f.context;
        f.context.runOnContext(v -> f.client.speak("Hello.", null, AudioFormat.PCMU_8K, r).cancel());
        // The handshake completes after the cancel; the socket is closed as soon as it opens.
        f.served(0).closed().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> r.frames.isEmpty());
        assertThat(r.ended).isNotDone();
        assertThat(r.failed).isNotDone();
    }
}

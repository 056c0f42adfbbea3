package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Audio reaches the listener while espeak-ng is still speaking: for a long text the first frame
 * arrives while its process is alive, long before the end, not after the whole WAV is read.
 */
class EspeakStreamsAsItSpeaksTest {
    /** About two minutes of speech: espeak-ng takes a good fraction of a second over it even on a fast machine. */
    static final String LONG_TEXT = "This is a long answer that goes on and on, so that we can see the first words arrive before the last are made. "
            .repeat(20);
    private final EspeakFixture f = new EspeakFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void theFirstFrameComesWhileTheProcessIsStillSpeaking() throws Exception {
        CompletableFuture<Optional<ProcessHandle>> atFirstFrame = new CompletableFuture<>();
        SpeechRecorder r = new SpeechRecorder();
        r.expected = f.context;
        r.onEachFrame = () -> {
            if (!atFirstFrame.isDone()) atFirstFrame.complete(EspeakFixture.liveEspeak());
        };
        f.context.runOnContext(v -> f.engine.speak(LONG_TEXT, "en", AudioFormat.PCMU_8K, r));
        Optional<ProcessHandle> process = atFirstFrame.get(10, TimeUnit.SECONDS);
        long firstAt = r.firstAudioAt.join();
        r.ended.get(30, TimeUnit.SECONDS);
        long endedAt = System.nanoTime();
        System.out.printf("first frame %d ms before the end, of %d ms of speech%n", (endedAt - firstAt) / 1_000_000, r.millis());
        assertThat(process).as("an espeak-ng process alive at the first frame").isPresent();
        assertThat(r.millis()).as("the whole text spoken").isGreaterThan(100_000);
        assertThat(r.wrongContext).isNull();
        assertThat(process.get().onExit().get(5, TimeUnit.SECONDS).isAlive()).isFalse();
    }
}

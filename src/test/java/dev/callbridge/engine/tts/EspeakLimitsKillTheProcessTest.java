package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that says nothing in time, that stalls mid-sentence or whose speech runs past the
 * longest allowed is killed, and the sentence fails: {@link Kind#TIMEOUT} or {@link Kind#TOO_LONG},
 * with the audio delivered until then.
 */
class EspeakLimitsKillTheProcessTest {
    @TempDir
    Path dir;

    @Test
    void noAudioInTime() throws Exception {
        Path silent = EspeakFixture.script(dir, "silent", "exec sleep 30");
        EspeakSpeech.Limits limits = new EspeakSpeech.Limits(Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofMinutes(1));
        EngineFailure failure = failsKillingIt(silent, limits, "Hello there.", "sleep");
        assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(failure.getMessage()).isEqualTo("TTS espeak-ng: no audio within 500 ms (the process was running: killed)");
        assertThat(failure.audioMillis()).isZero();
    }

    @Test
    void stalledMidSentence() throws Exception {
        // Speaks the sentence, then holds its stdout open without a byte more.
        Path stalling = EspeakFixture.script(dir, "stalls", """
                "$ESPEAK" "$@"
                exec sleep 30""");
        EspeakSpeech.Limits limits = new EspeakSpeech.Limits(Duration.ofSeconds(5), Duration.ofMillis(1500), Duration.ofMinutes(1));
        EngineFailure failure = failsKillingIt(stalling, limits, "Hello, how can I help you today?", "sleep");
        assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(failure.getMessage()).startsWith("TTS espeak-ng: not done within 1500 ms, after ");
        assertThat(failure.audioMillis()).isGreaterThan(1500);
    }

    @Test
    void speechPastTheLongestAllowedIsCut() throws Exception {
        EspeakSpeech.Limits limits = new EspeakSpeech.Limits(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(1));
        EngineFailure failure = failsKillingIt(EspeakFixture.espeak(), limits, EspeakStreamsAsItSpeaksTest.LONG_TEXT, "espeak-ng");
        assertThat(failure.kind()).isEqualTo(Kind.TOO_LONG);
        assertThat(failure.getMessage()).isEqualTo("TTS espeak-ng: the speech went on past 1 s and was cut there");
        assertThat(failure.audioMillis()).isBetween(980L, 1020L);
    }

    private static EngineFailure failsKillingIt(Path program, EspeakSpeech.Limits limits, String text, String processName) throws Exception {
        try (EspeakFixture f = new EspeakFixture(EspeakFixture.settings(program, limits))) {
            Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
            SpeechRecorder r = new SpeechRecorder();
            r.expected = f.context;
            r.onEachFrame = () -> {
                if (r.frames.size() == 1) seen.addAll(EspeakFixture.liveChildren(processName));
            };
            f.context.runOnContext(v -> f.engine.speak(text, "en", AudioFormat.PCMU_8K, r));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> {
                seen.addAll(EspeakFixture.liveChildren(processName));
                return !seen.isEmpty();
            });
            EngineFailure failure = r.failed.get(20, TimeUnit.SECONDS);
            for (ProcessHandle p : seen) assertThat(p.onExit().get(2, TimeUnit.SECONDS).isAlive()).as("killed").isFalse();
            f.drainContext();
            assertThat(r.ended).isNotDone();
            assertThat(r.afterTheEnd).isZero();
            assertThat(r.wrongContext).isNull();
            assertThat(failure.audioMillis()).isEqualTo(r.millis());
            return failure;
        }
    }
}

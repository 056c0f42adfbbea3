package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When espeak-ng cannot run, crashes or writes something other than WAV, the sentence fails with
 * a kind that says so and the first line of its stderr, counting the audio already delivered; a
 * warning on stderr of a run that exited 0 is not a failure. Stand-in scripts play the broken program.
 */
class EspeakProcessFailuresAreTypedTest {
    @TempDir
    Path dir;

    @Test
    void aProgramThatIsGoneIsUnreachable() throws Exception {
        EngineFailure failure = failure(dir.resolve("espeak-ng-removed-since-start-up"));
        assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(failure.getMessage()).startsWith("TTS espeak-ng: cannot run ").contains("espeak-ng-removed-since-start-up");
    }

    @Test
    void anErrorExitIsUnreachableWithStderrsFirstLine() throws Exception {
        Path broken = EspeakFixture.script(dir, "missing-data", """
                cat > /dev/null
                echo "" >&2
                echo "Error processing file '/usr/lib/x86_64-linux-gnu/espeak-ng-data/phontab': No such file or directory." >&2
                echo "second line" >&2
                exit 1""");
        EngineFailure failure = failure(broken);
        assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(failure.getMessage()).isEqualTo("TTS espeak-ng: exit 1 (voice en-us): Error processing file "
                + "'/usr/lib/x86_64-linux-gnu/espeak-ng-data/phontab': No such file or directory.");
        assertThat(failure.audioMillis()).isZero();
    }

    @Test
    void aCrashMidSpeechKeepsWhatWasDelivered() throws Exception {
        // About 0.68 s of 22.05 kHz speech, then the program dies as a segfault would.
        Path crashing = EspeakFixture.script(dir, "crashes", """
                "$ESPEAK" "$@" | head -c 30000
                exit 139""");
        SpeechRecorder r = run(crashing, EspeakStreamsAsItSpeaksTest.LONG_TEXT);
        EngineFailure failure = r.failed.join();
        assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(failure.getMessage()).endsWith("exit 139 (voice en-us): killed by signal 11");
        assertThat(failure.audioMillis()).isEqualTo(r.millis()).isBetween(600L, 700L);
    }

    @Test
    void outputThatIsNotWavIsAProtocolFailure() throws Exception {
        Path chatty = EspeakFixture.script(dir, "not-wav", """
                cat > /dev/null
                echo "eSpeak NG text-to-speech: 1.51  Data at: /usr/lib/x86_64-linux-gnu/espeak-ng-data\"""");
        EngineFailure failure = failure(chatty);
        assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
        assertThat(failure.getMessage()).contains("not the WAV expected").contains("no RIFF/WAVE header");
    }

    @Test
    void aWarningWithExitZeroIsSpokenAnyway() throws Exception {
        Path warning = EspeakFixture.script(dir, "warns", """
                echo "Full dictionary is not installed for 'en'" >&2
                exec "$ESPEAK" "$@\"""");
        SpeechRecorder r = run(warning, "Hello there.");
        assertThat(r.failed).isNotDone();
        assertThat(r.millis()).isGreaterThan(500);
    }

    private static EngineFailure failure(Path program) throws Exception {
        SpeechRecorder r = run(program, "Hello there.");
        assertThat(r.failed).as("failed").isDone();
        assertThat(r.ended).isNotDone();
        return r.failed.join();
    }

    private static SpeechRecorder run(Path program, String text) throws Exception {
        try (EspeakFixture f = new EspeakFixture(EspeakFixture.settings(program))) {
            SpeechRecorder r = f.speak(text, "en", AudioFormat.PCMU_8K).recorder();
            CompletableFuture.anyOf(r.ended, r.failed).get(20, TimeUnit.SECONDS);
            f.drainContext();
            assertThat(r.wrongContext).isNull();
            assertThat(r.afterTheEnd).isZero();
            return r;
        }
    }
}

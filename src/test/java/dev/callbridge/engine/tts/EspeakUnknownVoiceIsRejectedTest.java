package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.EngineFailure.Kind;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A language or voice espeak-ng does not have is refused: {@link Kind#REJECTED}, with espeak-ng's
 * own words, and no audio. A language that is not a language tag never reaches its command line.
 */
class EspeakUnknownVoiceIsRejectedTest {

    @Test
    void aLanguageEspeakDoesNotKnow() throws Exception {
        try (EspeakFixture f = new EspeakFixture()) {
            EngineFailure failure = failure(f, "xx");
            assertThat(failure.getMessage()).contains("voice does not exist").contains("voice xx");
        }
    }

    @Test
    void aConfiguredVoiceEspeakDoesNotKnow() throws Exception {
        EspeakSpeech.Settings s = EspeakFixture.settings(EspeakFixture.espeak());
        try (EspeakFixture f = new EspeakFixture(new EspeakSpeech.Settings(s.command(), "xx-no-such-voice", 175, 1, 1, s.limits()))) {
            assertThat(failure(f, "en").getMessage()).contains("voice does not exist").contains("voice xx-no-such-voice");
        }
    }

    @Test
    void somethingThatIsNotALanguageTagIsNeverRun() throws Exception {
        try (EspeakFixture f = new EspeakFixture()) {
            for (String language : new String[] {"../../etc/passwd", "-h", "en us", "e"}) {
                assertThat(failure(f, language).getMessage()).as(language).contains("is not a language tag");
            }
            assertThat(EspeakFixture.liveEspeaks()).isEmpty();
        }
    }

    private static EngineFailure failure(EspeakFixture f, String language) throws Exception {
        SpeechRecorder r = f.speak("Hello there.", language, AudioFormat.PCMU_8K).recorder();
        EngineFailure failure = r.failed.get(10, TimeUnit.SECONDS);
        assertThat(failure.engine()).isEqualTo(Engine.TTS);
        assertThat(failure.kind()).as(failure.getMessage()).isEqualTo(Kind.REJECTED);
        assertThat(failure.isTransient()).isFalse();
        assertThat(r.frames).isEmpty();
        assertThat(r.wrongContext).isNull();
        return failure;
    }
}

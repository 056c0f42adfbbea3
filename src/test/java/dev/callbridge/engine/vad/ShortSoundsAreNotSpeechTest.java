package dev.callbridge.engine.vad;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cough-length fragment of real speech and a loud click, each shorter than the minimum speech
 * duration, are not reported: "mm" must not cut the agent off. The same fragment with no minimum
 * is reported, so it is the threshold, not deafness, that keeps it out.
 */
class ShortSoundsAreNotSpeechTest {
    private static final String WORDS = "Hello, I would like to book a table for two tonight.";
    private static SileroModel model;

    @BeforeAll
    static void load() {
        model = SileroModel.load();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static SpeechStream shortSounds() {
        return new SpeechStream()
                .silence(800).fragmentOf(WORDS, 150)
                .silence(1200).click(40)
                .silence(1200).fragmentOf(WORDS, 200)
                .silence(1000);
    }

    private static HeardSpeech run(VadSettings settings) {
        HeardSpeech heard = new HeardSpeech();
        try (VoiceActivity vad = model.factory(settings).create(AudioFormat.PCMU_8K, heard.listener())) {
            heard.feed(vad, shortSounds().frames(AudioFormat.PCMU_8K, 20));
        }
        return heard;
    }

    @Test
    void burstsUnderTheMinimumAreNotReported() {
        assertThat(run(VadSettings.DEFAULTS).reports()).isEmpty();
    }

    @Test
    void theSameBurstsCountWithoutAMinimum() {
        HeardSpeech heard = run(VadSettings.DEFAULTS.withMinSpeechMs(0));
        assertThat(heard.segments()).as("%s", heard.reports()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.durationMs()).isLessThan(VadSettings.DEFAULTS.minSpeechMs() + 200));
    }
}

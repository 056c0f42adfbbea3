package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The language passed to speak picks espeak-ng's voice: Spanish, Hebrew, French and German text
 * is spoken in its own language, regional tags and Java's underscores included. Hebrew read by
 * the English voice is spelled out letter by letter, many times longer: that is how the test
 * knows the Hebrew voice spoke.
 */
class EspeakSpeaksTheSentencesLanguageTest {
    private final EspeakFixture f = new EspeakFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void spanish() throws Exception {
        speech("¿Hola, cómo estás? Quiero reservar una mesa para dos.", "es", 2000, 6000);
        speech("¿Hola, cómo estás? Quiero reservar una mesa para dos.", "es-MX", 2000, 6000);
    }

    @Test
    void hebrew() throws Exception {
        String text = "שלום, אני רוצה להזמין שולחן לשניים הערב.";
        long hebrew = speech(text, "he", 1500, 6000);
        long inHebrewIsrael = speech(text, "he_IL", 1500, 6000);
        long spelledInEnglish = speech(text, "en", 1000, 60_000);
        System.out.printf("Hebrew: %d ms with he, %d ms with he_IL, %d ms spelled out by en%n", hebrew, inHebrewIsrael, spelledInEnglish);
        assertThat(inHebrewIsrael).isEqualTo(hebrew);
        assertThat(spelledInEnglish).as("the English voice spells Hebrew letters out").isGreaterThan(3 * hebrew);
    }

    @Test
    void frenchAndGerman() throws Exception {
        speech("Bonjour, comment puis-je vous aider ?", "fr", 1200, 5000);
        speech("Guten Tag, wie kann ich Ihnen helfen?", "de", 1200, 5000);
    }

    private long speech(String text, String language, long minMillis, long maxMillis) throws Exception {
        SpeechRecorder r = f.spoken(text, language, AudioFormat.PCMU_8K);
        SpeechMeter meter = new SpeechMeter(AudioFormat.PCMU_8K, r.audio());
        System.out.printf("%s: %d ms, level %.1f dBFS, %d bursts%n", language, r.millis(), meter.levelDb(), meter.bursts());
        assertThat(r.millis()).as(language).isBetween(minMillis, maxMillis);
        assertThat(meter.levelDb()).as(language + ": level").isGreaterThan(-35.0);
        assertThat(meter.bursts()).as(language + ": syllable-like bursts").isGreaterThanOrEqualTo(4);
        return r.millis();
    }
}

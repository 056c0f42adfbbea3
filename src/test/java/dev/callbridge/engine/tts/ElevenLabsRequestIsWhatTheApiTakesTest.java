package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.tts.FakeElevenLabs.Reply;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What ElevenLabs receives: the voice in the path; the model, the output format and
 * {@code auto_mode} in the query, with {@code language_code} only for a model that takes it; the
 * key in {@code xi-api-key}; then exactly the opening space, the sentence (ending in one space,
 * flushed) and the empty text that ends the input.
 */
class ElevenLabsRequestIsWhatTheApiTakesTest {

    @Test
    void oneSentenceOnFlashV25() throws Exception {
        try (ElevenLabsFixture f = new ElevenLabsFixture()) {
            f.fake.enqueue(Reply.speech(1).millis(200));
            f.speak("Hola, ¿en qué puedo ayudarle?\n", "es-MX", AudioFormat.PCMU_8K).recorder().ended.get(10, TimeUnit.SECONDS);
            FakeElevenLabs.Served s = f.served(0);
            assertThat(s.voice).isEqualTo(ElevenLabsFixture.VOICE);
            assertThat(s.query.get("model_id")).isEqualTo("eleven_flash_v2_5");
            assertThat(s.query.get("output_format")).isEqualTo("ulaw_8000");
            assertThat(s.query.get("auto_mode")).isEqualTo("true");
            assertThat(s.query.get("language_code")).isEqualTo("es");
            assertThat(s.query.names()).containsExactlyInAnyOrder("model_id", "output_format", "auto_mode", "language_code");
            assertThat(s.headers.get("xi-api-key")).isEqualTo(ElevenLabsFixture.KEY);
            List<String> messages = s.received.stream().map(JsonNode::toString).toList();
            assertThat(messages).containsExactly(
                    "{\"text\":\" \"}",
                    "{\"text\":\"Hola, ¿en qué puedo ayudarle?\\n \",\"flush\":true}",
                    "{\"text\":\"\"}");
            // A sentence that already ends in a space keeps just that one; no language, no language_code.
            f.fake.enqueue(Reply.speech(2).millis(200));
            f.speak("Thank you. ", null, AudioFormat.PCMU_8K).recorder().ended.get(10, TimeUnit.SECONDS);
            assertThat(f.served(1).received.get(1).get("text").asText()).isEqualTo("Thank you. ");
            assertThat(f.served(1).query.get("language_code")).isNull();
        }
    }

    @Test
    void noLanguageCodeForAModelThatTakesNone() throws Exception {
        try (ElevenLabsFixture f = new ElevenLabsFixture("eleven_multilingual_v2", ElevenLabsSpeechClient.Limits.DEFAULTS)) {
            f.fake.enqueue(Reply.speech(1).millis(200));
            f.speak("Guten Tag.", "de", AudioFormat.L16_16K).recorder().ended.get(10, TimeUnit.SECONDS);
            assertThat(f.served(0).query.get("model_id")).isEqualTo("eleven_multilingual_v2");
            assertThat(f.served(0).query.get("language_code")).isNull();
        }
    }

    @Test
    void languageTagsBecomeIsoCodes() {
        assertThat(ElevenLabsCodec.languageCode("eleven_turbo_v2_5", "pt-BR")).isEqualTo("pt");
        assertThat(ElevenLabsCodec.languageCode("eleven_flash_v2_5", "FIL")).isEqualTo("fil");
        assertThat(ElevenLabsCodec.languageCode("eleven_flash_v2_5", "zh_Hant")).isEqualTo("zh");
        assertThat(ElevenLabsCodec.languageCode("eleven_flash_v2_5", "x-klingon")).isNull();
        assertThat(ElevenLabsCodec.languageCode("eleven_flash_v2_5", null)).isNull();
        assertThat(ElevenLabsCodec.languageCode("eleven_multilingual_v2", "de")).isNull();
    }
}

package dev.callbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WHATSAPP_*: all four required ones or none, a pinned API version, and the LLM engine that answers. */
class WhatsAppConfigTest {
    @TempDir
    Path dir;

    private static final String[] LLM = {"LLM", "openai", "LLM_URL", "http://127.0.0.1:9/v1", "LLM_MODEL", "m"};

    private Config config(String... kv) {
        String[] all = new String[LLM.length + kv.length];
        System.arraycopy(LLM, 0, all, 0, LLM.length);
        System.arraycopy(kv, 0, all, LLM.length, kv.length);
        return ConfigFromPairs.of(dir, all);
    }

    private static String[] whatsapp(String... more) {
        String[] base = {"WHATSAPP_ACCESS_TOKEN", "EAAG", "WHATSAPP_PHONE_NUMBER_ID", "106540352242922",
                "WHATSAPP_APP_SECRET", "s3cret", "WHATSAPP_VERIFY_TOKEN", "v"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void unsetMeansOffAndNeedsNothing() {
        assertThat(ConfigFromPairs.of(dir).whatsapp().enabled()).isFalse();
    }

    @Test
    void allFourSetIsOnWithThePinnedDefaults() {
        Config.WhatsApp w = config(whatsapp()).whatsapp();
        assertThat(w.enabled()).isTrue();
        assertThat(w.apiUrl()).hasToString("https://graph.facebook.com");
        assertThat(w.apiVersion()).isEqualTo("v21.0");
        assertThat(w.phoneNumberId()).isEqualTo("106540352242922");
        assertThat(w.accessToken()).hasToString("****");
        assertThat(w.appSecret().reveal()).isEqualTo("s3cret");
        // It works with the echo agent and no TTS or STT.
        assertThat(config(whatsapp()).agent().name()).isEqualTo("echo");
    }

    @Test
    void someButNotAllNamesEveryMissingOne() {
        assertThatThrownBy(() -> config("WHATSAPP_ACCESS_TOKEN", "EAAG", "WHATSAPP_APP_SECRET", "s"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("WHATSAPP_PHONE_NUMBER_ID:")
                .hasMessageContaining("missing: WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_VERIFY_TOKEN");
        assertThatThrownBy(() -> config("WHATSAPP_VERIFY_TOKEN", "v"))
                .hasMessageContaining("missing: WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET");
    }

    @Test
    void needsTheLlmEngine() {
        assertThatThrownBy(() -> ConfigFromPairs.of(dir, whatsapp()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("LLM:").hasMessageContaining("WhatsApp");
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> config(whatsapp("WHATSAPP_API_VERSION", "21"))).hasMessageStartingWith("WHATSAPP_API_VERSION:");
        assertThatThrownBy(() -> config(whatsapp("WHATSAPP_API_URL", "ftp://x"))).hasMessageStartingWith("WHATSAPP_API_URL:");
        String[] phoneAsNumber = whatsapp();
        phoneAsNumber[3] = "+15550783881";
        assertThatThrownBy(() -> config(phoneAsNumber)).hasMessageStartingWith("WHATSAPP_PHONE_NUMBER_ID:");
        assertThat(config(whatsapp("WHATSAPP_API_URL", "http://127.0.0.1:8099/", "WHATSAPP_API_VERSION", "v23.0")).whatsapp())
                .satisfies(w -> {
                    assertThat(w.apiUrl()).hasToString("http://127.0.0.1:8099");
                    assertThat(w.apiVersion()).isEqualTo("v23.0");
                });
    }
}

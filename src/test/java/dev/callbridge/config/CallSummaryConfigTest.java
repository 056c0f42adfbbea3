package dev.callbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code WHATSAPP_CALL_SUMMARY_TEMPLATE} turns the follow-up after a call on: an approved template's
 * name, with its language ({@code WHATSAPP_CALL_SUMMARY_LANGUAGE}, default {@code en}); it needs WhatsApp.
 */
class CallSummaryConfigTest {
    @TempDir
    Path dir;

    private static final String[] WHATSAPP = {"LLM", "openai", "LLM_URL", "http://127.0.0.1:9/v1", "LLM_MODEL", "m",
            "WHATSAPP_ACCESS_TOKEN", "EAAG", "WHATSAPP_PHONE_NUMBER_ID", "106540352242922", "WHATSAPP_APP_SECRET", "s", "WHATSAPP_VERIFY_TOKEN", "v"};

    private Config withWhatsApp(String... kv) {
        String[] all = new String[WHATSAPP.length + kv.length];
        System.arraycopy(WHATSAPP, 0, all, 0, WHATSAPP.length);
        System.arraycopy(kv, 0, all, WHATSAPP.length, kv.length);
        return ConfigFromPairs.of(dir, all);
    }

    @Test
    void offUnlessATemplateIsNamed() {
        assertThat(withWhatsApp().whatsapp().callSummary()).isNull();
    }

    @Test
    void aTemplateWithItsLanguage() {
        assertThat(withWhatsApp("WHATSAPP_CALL_SUMMARY_TEMPLATE", "call_summary").whatsapp().callSummary())
                .isEqualTo(new Config.CallSummary("call_summary", "en"));
        assertThat(withWhatsApp("WHATSAPP_CALL_SUMMARY_TEMPLATE", "anruf_2", "WHATSAPP_CALL_SUMMARY_LANGUAGE", "pt_BR").whatsapp().callSummary())
                .isEqualTo(new Config.CallSummary("anruf_2", "pt_BR"));
    }

    @Test
    void needsWhatsApp() {
        assertThatThrownBy(() -> ConfigFromPairs.of(dir, "WHATSAPP_CALL_SUMMARY_TEMPLATE", "call_summary"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("WHATSAPP_CALL_SUMMARY_TEMPLATE:")
                .hasMessageContaining("WHATSAPP_ACCESS_TOKEN");
    }

    @Test
    void badNamesAndLanguagesNameTheirVariable() {
        for (String bad : new String[] {"Call Summary", "call-summary", "Call_Summary", "x".repeat(513)}) {
            assertThatThrownBy(() -> withWhatsApp("WHATSAPP_CALL_SUMMARY_TEMPLATE", bad)).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("WHATSAPP_CALL_SUMMARY_TEMPLATE:");
        }
        for (String bad : new String[] {"english", "en-US", "EN", "e"}) {
            assertThatThrownBy(() -> withWhatsApp("WHATSAPP_CALL_SUMMARY_TEMPLATE", "call_summary", "WHATSAPP_CALL_SUMMARY_LANGUAGE", bad)).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("WHATSAPP_CALL_SUMMARY_LANGUAGE:");
        }
        assertThatThrownBy(() -> withWhatsApp("WHATSAPP_CALL_SUMMARY_LANGUAGE", "de"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("WHATSAPP_CALL_SUMMARY_LANGUAGE:")
                .hasMessageContaining("WHATSAPP_CALL_SUMMARY_TEMPLATE");
    }
}

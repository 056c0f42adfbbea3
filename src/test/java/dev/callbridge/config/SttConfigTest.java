package dev.callbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.engine.deepgram.DeepgramSpeechToText;
import dev.callbridge.engine.stt.TranscriptionsClient;
import dev.callbridge.engine.stt.sphinx.SphinxGrammar;
import dev.callbridge.engine.stt.sphinx.SphinxSpeechToText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The STT_* variables: defaults, the combinations that stop start-up with one line, and what the engine
 * is built from. For sphinx, STT_GRAMMAR is loaded with the dictionary at start-up: a grammar that
 * could not work is refused there, not found out in a call.
 */
class SttConfigTest {
    @TempDir
    Path dir;

    private Config.Stt stt(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("DATA_DIR", dir.resolve("data").toString());
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return Config.from(m).stt();
    }

    @Test
    void unsetMeansNoEngine() {
        Config.Stt s = stt();
        assertThat(s.enabled()).isFalse();
        assertThat(s.url()).hasToString("https://api.openai.com/v1");
        assertThat(s.model()).isEqualTo("gpt-4o-mini-transcribe");
    }

    @Test
    void openAiNeedsAKeyAndDefaultsItsModel() {
        assertThatThrownBy(() -> stt("STT", "openai")).isInstanceOf(ConfigException.class)
                .hasMessage("STT_API_KEY: required when STT_URL is api.openai.com");
        Config.Stt s = stt("STT", "openai", "STT_API_KEY", "sk-abc");
        assertThat(s.engine()).isEqualTo("openai");
        assertThat(s.model()).isEqualTo("gpt-4o-mini-transcribe");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(String.valueOf(s.apiKey())).isEqualTo("****");
    }

    @Test
    void aLocalServerNeedsAModelButNoKey() {
        assertThatThrownBy(() -> stt("STT", "openai", "STT_URL", "http://localhost:8000/v1")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("STT_MODEL: required when STT_URL is not api.openai.com");
        Config.Stt s = stt("STT", "openai", "STT_URL", "http://localhost:8000/v1/", "STT_MODEL", "Systran/faster-whisper-small",
                "STT_TIMEOUT_MS", "2500");
        assertThat(s.url()).hasToString("http://localhost:8000/v1");
        assertThat(s.apiKey()).isNull();
        TranscriptionsClient.Settings settings = TranscriptionsClient.Settings.from(s);
        assertThat(settings.limits().answer()).isEqualTo(Duration.ofMillis(2500));
        assertThat(settings.model()).isEqualTo("Systran/faster-whisper-small");
    }

    @Test
    void deepgramDefaultsToItsLiveEndpointAndNova3() {
        assertThatThrownBy(() -> stt("STT", "deepgram")).isInstanceOf(ConfigException.class)
                .hasMessage("STT_API_KEY: required when STT_URL is api.deepgram.com");
        Config.Stt s = stt("STT", "deepgram", "STT_API_KEY", "dg-abc");
        assertThat(s.engine()).isEqualTo("deepgram");
        assertThat(s.url()).hasToString("wss://api.deepgram.com/v1/listen");
        assertThat(s.model()).isEqualTo("nova-3");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(5));
        DeepgramSpeechToText.Settings settings = DeepgramSpeechToText.Settings.from(s);
        assertThat(settings.limits().answer()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.apiKey().reveal()).isEqualTo("dg-abc");
    }

    @Test
    void aSelfHostedDeepgramNeedsNoKey() {
        Config.Stt s = stt("STT", "deepgram", "STT_URL", "ws://deepgram.internal:8080/v1/listen/", "STT_MODEL", "nova-2-phonecall",
                "STT_TIMEOUT_MS", "1500");
        assertThat(s.url()).hasToString("ws://deepgram.internal:8080/v1/listen");
        assertThat(s.apiKey()).isNull();
        assertThat(s.model()).isEqualTo("nova-2-phonecall");
        assertThat(s.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> stt("STT", "deepgram", "STT_URL", "https://api.deepgram.com/v1/listen", "STT_API_KEY", "k"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("STT_URL: must be an absolute").hasMessageContaining("wss");
        assertThatThrownBy(() -> stt("STT", "deepgram", "STT_URL", "wss://api.deepgram.com/v1/listen?model=nova-3", "STT_API_KEY", "k"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("STT_URL: must not have a query");
    }

    @Test
    void sphinxNeedsNoKeyAndListensForTheMenuByDefault() {
        Config.Stt s = stt("STT", "sphinx");
        assertThat(s.engine()).isEqualTo("sphinx");
        assertThat(s.grammar().description()).isEqualTo("menu");
        assertThat(s.workers()).isEqualTo(2);
        SphinxSpeechToText.Settings settings = SphinxSpeechToText.Settings.from(stt("STT", "sphinx", "STT_GRAMMAR", "digits",
                "STT_WORKERS", "3", "STT_TIMEOUT_MS", "4000", "STT_API_KEY", "ignored", "STT_MODEL", "ignored"));
        assertThat(settings.grammar().name()).isEqualTo("digits");
        assertThat(settings.workers()).isEqualTo(3);
        assertThat(settings.limits().answer()).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.limits().queue()).isEqualTo(12);
        assertThat(settings.limits().maxAudio()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> stt("STT", "sphinx", "STT_WORKERS", "0")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("STT_WORKERS:");
    }

    @Test
    void sphinxTakesAGrammarFile() throws Exception {
        Path file = Files.writeString(dir.resolve("orders.gram"), """
                #JSGF V1.0;
                grammar orders;
                import <digits.digits>;
                public <order> = (order | cancel) [number] <digits.digits>;
                """);
        Files.copy(SphinxGrammar.class.getResourceAsStream("grammars/digits.gram"), dir.resolve("digits.gram"));
        SphinxGrammar g = stt("STT", "sphinx", "STT_GRAMMAR", file.toString()).grammar();
        assertThat(g.description()).isEqualTo(file.toString());
        assertThat(g.name()).isEqualTo("orders");
        assertThat(g.location()).isEqualTo(dir.toUri().toString());
    }

    @Test
    void aGrammarThatCannotWorkStopsStartUpWithOneLine() throws Exception {
        Map<String, String> grammars = Map.of(
                "syntax.gram", "#JSGF V1.0;\ngrammar syntax;\npublic <a> = yes | ;\n",
                "unknown.gram", "#JSGF V1.0;\ngrammar unknown;\npublic <a> = yes | Callbridge | xyzzy;\n",
                "private.gram", "#JSGF V1.0;\ngrammar private;\n<a> = yes | no;\n",
                "importing.gram", "#JSGF V1.0;\ngrammar importing;\nimport <missing.rule>;\npublic <a> = <missing.rule> | no;\n",
                "weighted.gram", "#JSGF V1.0;\ngrammar weighted;\npublic <a> = /2/ yes | /1/ no;\n",
                "empty.gram", "");
        for (var g : grammars.entrySet()) Files.writeString(dir.resolve(g.getKey()), g.getValue());
        String d = dir.toString();
        assertThatThrownBy(() -> stt("STT", "sphinx", "STT_GRAMMAR", d + "/syntax.gram")).isInstanceOf(ConfigException.class)
                .hasMessage("STT_GRAMMAR: " + d + "/syntax.gram is not valid JSGF: the parser stopped at line 3, column 20");
        assertThatThrownBy(() -> stt("STT", "sphinx", "STT_GRAMMAR", d + "/unknown.gram")).isInstanceOf(ConfigException.class)
                .hasMessage("STT_GRAMMAR: " + d + "/unknown.gram uses words the en-US dictionary has no pronunciation for, so they"
                        + " could never be heard: Callbridge, xyzzy (the dictionary is lower case)");
        assertThatThrownBy(() -> stt("STT", "sphinx", "STT_GRAMMAR", d + "/private.gram")).isInstanceOf(ConfigException.class)
                .hasMessage("STT_GRAMMAR: " + d + "/private.gram has no public rule, so nothing could ever be recognised");
        assertThatThrownBy(() -> stt("STT", "sphinx", "STT_GRAMMAR", d + "/importing.gram")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("STT_GRAMMAR: " + d + "/importing.gram imports a grammar that cannot be read: ");
        assertThatThrownBy(() -> stt("STT", "sphinx", "STT_GRAMMAR", d + "/weighted.gram")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("weights");
        assertThatThrownBy(() -> stt("STT", "sphinx", "STT_GRAMMAR", d + "/empty.gram")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("STT_GRAMMAR: " + d + "/empty.gram is not valid JSGF");
        assertThatThrownBy(() -> stt("STT", "sphinx", "STT_GRAMMAR", d + "/absent.gram")).isInstanceOf(ConfigException.class)
                .hasMessage("STT_GRAMMAR: cannot read " + d + "/absent.gram");
        assertThatThrownBy(() -> stt("STT", "sphinx", "STT_GRAMMAR", d + "/my.menu.gram")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("the file name must be letters, digits, - or _ before .gram");
        assertThatThrownBy(() -> stt("STT", "sphinx", "STT_GRAMMAR", "numbers")).isInstanceOf(ConfigException.class)
                .hasMessage("STT_GRAMMAR: not a built-in grammar (digits, menu, yesno) nor a .gram file: 'numbers'");
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> stt("STT", "whisper")).isInstanceOf(ConfigException.class).hasMessageStartingWith("STT:");
        assertThatThrownBy(() -> stt("STT_URL", "ftp://x/v1")).isInstanceOf(ConfigException.class).hasMessageStartingWith("STT_URL:");
        assertThatThrownBy(() -> stt("STT_TIMEOUT_MS", "5")).isInstanceOf(ConfigException.class).hasMessageStartingWith("STT_TIMEOUT_MS:");
    }
}

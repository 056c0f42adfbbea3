package dev.callbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.call.Interpretation;
import dev.callbridge.call.InterpreterNumbers;
import dev.callbridge.call.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code INTERPRETER_NUMBERS} is read whole at start-up: a bad entry stops it with one line naming
 * the entry and the field, and the file needs the interpreter's engines, so no call to a listed
 * number can reach a gateway that cannot interpret it.
 */
class InterpreterNumbersFileIsCheckedAtStartUpTest {
    private static final String[] TWILIO = {"TWILIO_ACCOUNT_SID", "AC1", "TWILIO_AUTH_TOKEN", "t"};
    private static final String GOOD = "{\"number\":\"+15550001111\",\"dial\":\"+34911222333\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}";

    @TempDir
    Path dir;

    private Config withFile(String json, String... extra) throws IOException {
        Path file = dir.resolve("numbers.json");
        Files.writeString(file, json);
        List<String> env = new ArrayList<>(Arrays.asList(AgentInterpreterNeedsItsEnginesTest.with(TWILIO)));
        env.addAll(List.of("INTERPRETER_NUMBERS", file.toString()));
        env.addAll(Arrays.asList(extra));
        return ConfigFromPairs.of(dir, env.toArray(String[]::new));
    }

    private void refused(String json, String message) {
        assertThatThrownBy(() -> withFile(json)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void aGoodFileMapsCalledNumbersToInterpretations() throws IOException {
        Config c = withFile("[" + GOOD + ",{\"number\":\"100\",\"dial\":\"PJSIP/200\",\"provider\":\"asterisk\",\"from\":\"4930\","
                + "\"languages\":{\"a\":\"pt-BR\",\"b\":\"he\"}}]", "ARI_URL", "http://127.0.0.1:8088", "ARI_USERNAME", "u", "ARI_PASSWORD", "p");
        InterpreterNumbers numbers = c.interpreter().numbers();
        assertThat(numbers.lines()).hasSize(2);
        Interpretation i = numbers.forCalledNumber("+15550001111", Provider.TWILIO).orElseThrow();
        assertThat(i.languages()).isEqualTo(new Interpretation.Languages("en", "es"));
        assertThat(i.b()).as("B on the caller's provider, shown the number A called")
                .isEqualTo(new Interpretation.Party(Provider.TWILIO, "+34911222333", "+15550001111", null, null));
        // Asterisk's extension often drops the +: the same number.
        assertThat(numbers.forCalledNumber("15550001111", Provider.ASTERISK).orElseThrow().b().provider()).isEqualTo(Provider.ASTERISK);
        assertThat(numbers.forCalledNumber("100", Provider.ASTERISK).orElseThrow().b())
                .isEqualTo(new Interpretation.Party(Provider.ASTERISK, "PJSIP/200", "4930", null, null));
        assertThat(numbers.forCalledNumber("+15550002222", Provider.TWILIO)).isEmpty();
    }

    @Test
    void badEntriesAreNamedWithTheirField() {
        refused("{}", "INTERPRETER_NUMBERS: must be a JSON list of {\"number\",\"dial\",\"languages\":{\"a\",\"b\"}}");
        refused("[" + GOOD + ",", "INTERPRETER_NUMBERS: not valid JSON: Unexpected end-of-input within/between Array entries");
        refused("[" + GOOD + ",\"+1555\"]", "INTERPRETER_NUMBERS: entry 2: must be an object with number, dial and languages");
        refused("[" + GOOD + ",{\"dial\":\"+34911222333\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}]", "INTERPRETER_NUMBERS: entry 2: number: required");
        refused("[{\"number\":\"front desk\",\"dial\":\"+34911222333\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}]",
                "INTERPRETER_NUMBERS: entry 1: number: 'front desk' is not a phone number");
        refused("[" + GOOD + ",{\"number\":\"15550001111\",\"dial\":\"+34911222334\",\"languages\":{\"a\":\"en\",\"b\":\"fr\"}}]",
                "INTERPRETER_NUMBERS: entry 2: number: 15550001111 is already entry 1");
        refused("[{\"number\":\"+15550001111\",\"dial\":\"0034911\",\"provider\":\"twilio\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}]",
                "INTERPRETER_NUMBERS: entry 1: dial: '0034911' is not an E.164 number like +15551230000");
        refused("[{\"number\":\"+15550001111\",\"dial\":\"PJSIP/200\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}]",
                "INTERPRETER_NUMBERS: entry 1: dial: 'PJSIP/200' is not an E.164 number like +15551230000 (without a provider it may be dialled"
                + " on twilio; a dial string needs \"provider\":\"asterisk\")");
        refused("[{\"number\":\"+15550001111\",\"dial\":\"+34911222333\",\"provider\":\"sip\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}]",
                "INTERPRETER_NUMBERS: entry 1: provider: must be twilio or asterisk, got 'sip'");
        refused("[{\"number\":\"+15550001111\",\"dial\":\"+34911222333\",\"from\":\"x\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}]",
                "INTERPRETER_NUMBERS: entry 1: from: 'x' is not an E.164 number");
        refused("[{\"number\":\"100\",\"dial\":\"+34911222333\",\"provider\":\"twilio\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}]",
                "INTERPRETER_NUMBERS: entry 1: number: '100' is not an E.164 number, which party b's caller id on twilio must be (or set from)");
        refused("[" + GOOD + ",{\"number\":\"+15550002222\",\"dial\":\"+34911222333\",\"languages\":{\"a\":\"en\",\"b\":\"english\"}}]",
                "INTERPRETER_NUMBERS: entry 2: languages.b: must be an ISO 639-1 code like en or pt-BR, got 'english'");
        refused("[{\"number\":\"+15550001111\",\"dial\":\"+34911222333\",\"languages\":{\"a\":\"es\",\"b\":\"es-MX\"}}]",
                "INTERPRETER_NUMBERS: entry 1: languages.b: must differ from languages.a ('es')");
        refused("[{\"number\":\"+15550001111\",\"dial\":\"+34911222333\",\"languages\":{\"a\":\"en\"}}]",
                "INTERPRETER_NUMBERS: entry 1: languages.b: required, an ISO 639-1 code like en or pt-BR");
        refused("[{\"number\":\"+15550001111\",\"dial\":\"+34911222333\"}]",
                "INTERPRETER_NUMBERS: entry 1: languages: required, e.g. {\"a\":\"en\",\"b\":\"es\"}");
        refused("[{\"number\":\"+15550001111\",\"to\":\"+34911222333\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}]",
                "INTERPRETER_NUMBERS: entry 1: to: unknown field; allowed are [number, dial, provider, from, languages]");
    }

    @Test
    void bIsDialledOnlyOnAProviderThatCanDial() {
        refused("[{\"number\":\"+15550001111\",\"dial\":\"PJSIP/200\",\"provider\":\"asterisk\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}]",
                "INTERPRETER_NUMBERS: entry 1: provider: asterisk cannot dial on this server (set ARI_URL)");
    }

    @Test
    void theFileNeedsTheInterpretersEngines() throws IOException {
        Path file = dir.resolve("numbers.json");
        Files.writeString(file, "[" + GOOD + "]");
        assertThatThrownBy(() -> ConfigFromPairs.of(dir, "INTERPRETER_NUMBERS", file.toString(), "STT", "openai", "STT_API_KEY", "sk"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("INTERPRETER_NUMBERS: calls to these numbers are interpreted, which needs STT, TTS and TRANSLATE engines;"
                        + " set TTS, TRANSLATE (e.g. STT=openai TTS=openai TRANSLATE=llm)");
        assertThatThrownBy(() -> withFile("[" + GOOD + "]", "VAD", "off")).isInstanceOf(ConfigException.class)
                .hasMessage("VAD: off, but INTERPRETER_NUMBERS needs a VAD to find where each utterance ends (VAD=silero)");
        assertThatThrownBy(() -> ConfigFromPairs.of(dir, "INTERPRETER_NUMBERS", dir.resolve("missing.json").toString()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("INTERPRETER_NUMBERS: cannot read ");
        // An empty list interprets nothing, and needs nothing.
        assertThat(ConfigFromPairs.of(dir, "INTERPRETER_NUMBERS", writeEmpty()).interpreter().numbers().isEmpty()).isTrue();
    }

    private String writeEmpty() throws IOException {
        Path file = dir.resolve("empty.json");
        Files.writeString(file, "[]");
        return file.toString();
    }
}

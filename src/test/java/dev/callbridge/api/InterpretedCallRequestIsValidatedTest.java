package dev.callbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.call.CallJson;
import dev.callbridge.call.Interpretation;
import dev.callbridge.call.Provider;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/calls} with an {@code interpreter} object: party B is checked by the rules of B's
 * provider, both languages are ISO 639-1 and differ, and the agent and the object come together.
 * Every refusal is a 400 naming the field.
 */
class InterpretedCallRequestIsValidatedTest {
    private static final CallDefaults DEFAULTS = new CallDefaults("+15559870000", Set.of("echo", "interpreter"), "echo");

    private static NewCallRequest parse(String json) {
        return parse(json, DEFAULTS);
    }

    private static NewCallRequest parse(String json, CallDefaults defaults) {
        try {
            return NewCallRequest.parse(CallJson.mapper().readTree(json), defaults);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static void refused(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(ApiError.class)
                .satisfies(e -> assertThat(((ApiError) e).status()).isEqualTo(400))
                .hasMessage(message);
    }

    @Test
    void aWellFormedRequestBecomesAnInterpretedCall() {
        NewCallRequest r = parse("{\"to\":\"+15551230000\",\"interpreter\":{\"to\":\"+34911222333\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}");
        assertThat(r.agent()).as("the agent follows the object").isEqualTo("interpreter");
        assertThat(r.language()).isEqualTo("en");
        Interpretation i = r.interpreter();
        assertThat(i.languages()).isEqualTo(new Interpretation.Languages("en", "es"));
        assertThat(i.b().provider()).as("B's provider defaults to the call's").isEqualTo(Provider.TWILIO);
        assertThat(i.b().to()).isEqualTo("+34911222333");
        assertThat(i.b().from()).as("TWILIO_PHONE_NUMBER, as for A").isEqualTo("+15559870000");
        assertThat(i.b().providerCallId()).isNull();
        assertThat(r.toNewCall().interpreter()).isSameAs(i);
        assertThat(r.toNewCall().agent()).isEqualTo("interpreter");
    }

    @Test
    void bMayBeOnAnotherProviderWithItsOwnRules() {
        NewCallRequest r = parse("{\"to\":\"+15551230000\",\"agent\":\"interpreter\",\"language\":\"pt-BR\",\"interpreter\":"
                + "{\"to\":\"PJSIP/200\",\"from\":\"100\",\"provider\":\"asterisk\",\"languages\":{\"a\":\"pt-BR\",\"b\":\"he\"}}}");
        assertThat(r.provider()).isEqualTo(Provider.TWILIO);
        assertThat(r.interpreter().b()).isEqualTo(new Interpretation.Party(Provider.ASTERISK, "PJSIP/200", "100", null, null));
        assertThat(r.language()).isEqualTo("pt-BR");
        // A dial string is Asterisk's: on Twilio, B's number must be E.164, like A's.
        refused("{\"to\":\"+15551230000\",\"interpreter\":{\"to\":\"PJSIP/200\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}",
                "interpreter.to: 'PJSIP/200' is not an E.164 number like +15551230000");
        refused("{\"to\":\"+15551230000\",\"interpreter\":{\"to\":\"+34911222333\",\"from\":\"12\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}",
                "interpreter.from: '12' is not an E.164 number");
        refused("{\"to\":\"+15551230000\",\"interpreter\":{\"to\":\"PJSIP/a b\",\"provider\":\"asterisk\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}",
                "interpreter.to: 'PJSIP/a b' is neither a number nor a dial string like PJSIP/100");
        refused("{\"to\":\"+15551230000\",\"interpreter\":{\"to\":\"100\",\"from\":\"alice\",\"provider\":\"asterisk\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}",
                "interpreter.from: 'alice' is not a number");
        refused("{\"to\":\"+15551230000\",\"interpreter\":{\"to\":\"+34911222333\",\"provider\":\"sip\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}",
                "interpreter.provider: must be twilio or asterisk, got 'sip'");
        refused("{\"to\":\"+15551230000\",\"interpreter\":{\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}",
                "interpreter.to: required, an E.164 number like +15551230000");
        refused("{\"to\":\"+15551230000\",\"interpreter\":{\"to\":42,\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}",
                "interpreter.to: must be a string");
    }

    @Test
    void bWithoutACallerIdOnTwilioNeedsTheDefaultNumber() {
        CallDefaults noNumber = new CallDefaults(null, Set.of("echo", "interpreter"), "echo");
        assertThatThrownBy(() -> parse("{\"to\":\"+15551230000\",\"from\":\"+15559870000\",\"interpreter\":"
                + "{\"to\":\"+34911222333\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}", noNumber))
                .hasMessage("interpreter.from: required (or set TWILIO_PHONE_NUMBER)");
    }

    @Test
    void languagesAreTwoDifferentIsoCodes() {
        String head = "{\"to\":\"+15551230000\",\"interpreter\":{\"to\":\"+34911222333\",\"languages\":";
        refused(head + "{\"a\":\"en\"}}}", "interpreter.languages.b: required, an ISO 639-1 code like en or pt-BR");
        refused(head + "{\"b\":\"es\"}}}", "interpreter.languages.a: required, an ISO 639-1 code like en or pt-BR");
        refused(head + "{\"a\":\"eng\",\"b\":\"es\"}}}", "interpreter.languages.a: must be an ISO 639-1 code like en or pt-BR, got 'eng'");
        refused(head + "{\"a\":\"en\",\"b\":\"e s\"}}}", "interpreter.languages.b: must be an ISO 639-1 code like en or pt-BR, got 'e s'");
        refused(head + "{\"a\":\"en\",\"b\":7}}}", "interpreter.languages.b: must be a string, got 7");
        refused(head + "{\"a\":\"en\",\"b\":\"en-GB\"}}}", "interpreter.languages.b: must differ from languages.a ('en')");
        refused(head + "{\"a\":\"en\",\"b\":\"es\",\"c\":\"fr\"}}}", "interpreter.languages.c: unknown field; allowed are [a, b]");
        refused(head + "\"en-es\"}}", "interpreter.languages: must be an object like {\"a\":\"en\",\"b\":\"es\"}");
        refused("{\"to\":\"+15551230000\",\"interpreter\":{\"to\":\"+34911222333\"}}", "interpreter.languages: required, e.g. {\"a\":\"en\",\"b\":\"es\"}");
    }

    @Test
    void theCallsLanguageIsPartyAs() {
        String body = "\"interpreter\":{\"to\":\"+34911222333\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}";
        assertThat(parse("{\"to\":\"+15551230000\",\"language\":\"en\"," + body).language()).isEqualTo("en");
        refused("{\"to\":\"+15551230000\",\"language\":\"de\"," + body,
                "language: must be interpreter.languages.a ('en') on an interpreted call, got 'de'");
    }

    @Test
    void theAgentAndTheObjectComeTogether() {
        refused("{\"to\":\"+15551230000\",\"agent\":\"interpreter\"}",
                "interpreter: required when agent is interpreter: {\"to\":…,\"languages\":{\"a\":…,\"b\":…}}");
        refused("{\"to\":\"+15551230000\",\"agent\":\"echo\",\"interpreter\":{\"to\":\"+34911222333\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}",
                "agent: must be interpreter (or left out) when interpreter is given, got 'echo'");
        refused("{\"to\":\"+15551230000\",\"interpreter\":\"+34911222333\"}",
                "interpreter: must be an object like {\"to\":…,\"languages\":{\"a\":\"en\",\"b\":\"es\"}}");
        refused("{\"to\":\"+15551230000\",\"interpreter\":{\"to\":\"+34911222333\",\"language\":\"es\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}",
                "interpreter.language: unknown field; allowed are [to, from, provider, languages]");
        // A plain call is as before.
        assertThat(parse("{\"to\":\"+15551230000\"}").interpreter()).isNull();
    }

    @Test
    void aServerWithoutTheInterpretersEnginesSaysSo() {
        CallDefaults plain = new CallDefaults("+15559870000", Set.of("echo"), "echo");
        assertThatThrownBy(() -> parse("{\"to\":\"+15551230000\",\"interpreter\":{\"to\":\"+34911222333\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}", plain))
                .hasMessage("agent: interpreter is not available on this server (it needs STT, TTS and TRANSLATE engines and VAD=silero)");
    }
}

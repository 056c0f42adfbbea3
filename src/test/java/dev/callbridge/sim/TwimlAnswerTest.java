package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class TwimlAnswerTest {

    @Test
    void connectStreamGivesTheUrlAsWrittenAndTheParametersInOrder() {
        TwimlAnswer answer = TwimlAnswer.parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Connect>
                    <Stream url="wss://bot.example.com:8443/ws/twilio-media">
                      <Parameter name="callId" value="c_123"/>
                      <Parameter name="tenant" value="a &amp; b"/>
                    </Stream>
                  </Connect>
                </Response>""");

        assertThat(answer).isInstanceOfSatisfying(TwimlAnswer.ConnectStream.class, c -> {
            assertThat(c.url()).isEqualTo("wss://bot.example.com:8443/ws/twilio-media");
            assertThat(c.parameters()).containsExactly(
                    org.assertj.core.api.Assertions.entry("callId", "c_123"),
                    org.assertj.core.api.Assertions.entry("tenant", "a & b"));
        });
    }

    @Test
    void busyTwimlIsARejectionCarryingTheSpokenText() {
        TwimlAnswer answer = TwimlAnswer.parse(
                "<Response><Say>All lines are busy, please call back later.</Say><Hangup/></Response>");
        assertThat(answer).isEqualTo(new TwimlAnswer.Rejected("All lines are busy, please call back later."));
    }

    @Test
    void rejectVerbWithoutSayIsARejectionWithNoText() {
        assertThat(TwimlAnswer.parse("<Response><Reject reason=\"busy\"/></Response>")).isEqualTo(new TwimlAnswer.Rejected(""));
    }

    @Test
    void malformedXmlIsRefusedWithTheParserMessage() {
        assertThatIllegalArgumentException().isThrownBy(() -> TwimlAnswer.parse("<Response><Connect></Response>"))
                .withMessageStartingWith("malformed TwiML");
    }

    @Test
    void nonTwimlRootIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> TwimlAnswer.parse("<html><body>502</body></html>"))
                .withMessageContaining("root must be <Response>");
    }

    @Test
    void twimlThatNeitherStreamsNorHangsUpIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> TwimlAnswer.parse("<Response><Say>hi</Say></Response>"))
                .withMessageContaining("neither <Connect><Stream>");
    }

    @Test
    void relativeOrHttpStreamUrlIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TwimlAnswer.parse("<Response><Connect><Stream url=\"/ws/twilio-media\"/></Connect></Response>"))
                .withMessageContaining("absolute wss:// URL");
    }

    @Test
    void doctypeIsRefusedSoEntitiesCannotReachFiles() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Response><Say>&x;</Say><Hangup/></Response>";
        assertThatIllegalArgumentException().isThrownBy(() -> TwimlAnswer.parse(xxe)).withMessageStartingWith("malformed TwiML");
    }

    @Test
    void readsWhatTheGatewaysTwimlWriterProduces() {
        String connect = dev.callbridge.twilio.TwiML.connectStream("ws://localhost:8080/ws/twilio-media", java.util.Map.of("callId", "c_9"));
        assertThat(TwimlAnswer.parse(connect))
                .isEqualTo(new TwimlAnswer.ConnectStream("ws://localhost:8080/ws/twilio-media", java.util.Map.of("callId", "c_9")));
        assertThat(TwimlAnswer.parse(dev.callbridge.twilio.TwiML.busy("We are busy <right now> & then")))
                .isEqualTo(new TwimlAnswer.Rejected("We are busy <right now> & then"));
    }
}

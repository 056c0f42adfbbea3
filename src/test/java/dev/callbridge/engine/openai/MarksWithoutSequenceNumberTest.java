package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.it.Calls;
import dev.callbridge.it.GatewayFixture;
import dev.callbridge.it.RawTwilioStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twilio's marks are Twilio's, with or without {@code sequenceNumber}: through the real gateway,
 * marks returned with only their name move the heard position, so a barge-in truncates the
 * model's answer at what the caller heard, not at 0 ms.
 */
class MarksWithoutSequenceNumberTest extends RealtimeFakeFixture {
    @TempDir
    Path dir;

    @Test
    void aBargeInTruncatesAtThePositionTheBareMarksConfirmed() {
        fake.script().speech(200, 600, "sorry, one question")
                .respond(ScriptedResponse.audio(ulaw(1000, 0x5A), "Welcome to ACME, how can I help you today?").withChunkMs(100));
        try (GatewayFixture gw = new GatewayFixture(dir, "AGENT", "realtime", "OPENAI_API_KEY", "sk-test",
                "OPENAI_REALTIME_URL", fake.url(), "AGENT_GREETING", "Welcome to ACME, how can I help you today?");
             RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
            Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000081");
            String callId = answer.callId();
            twilio.connected();
            twilio.start(answer);
            twilio.withoutOptionalFields();

            await().until(() -> marks(twilio).size() == 10); // a mark per 100 ms of the 1 s greeting
            List<String> marks = marks(twilio);
            for (int i = 0; i < 4; i++) twilio.mark(0, marks.get(i)); // 400 ms heard; Twilio sends these without sequenceNumber
            // The caller starts talking 200 ms in: the agent cuts the greeting where the caller is.
            for (int i = 0; i < 40; i++) twilio.media(0, Base64.getEncoder().encodeToString(ulaw(20, 0xFF)));

            FakeRealtimeSession session = fake.awaitSession(0);
            await().until(() -> !session.truncations().isEmpty());
            Conversation.Truncation truncation = session.truncations().getFirst();
            assertThat(truncation.audioEndMs()).isEqualTo(400);
            assertThat(truncation.accepted()).isTrue();
            assertThat(twilio.received).anyMatch(m -> m.contains("\"event\":\"clear\""));
            assertThat(Calls.metric(gw, "callbridge_media_protocol_errors_total")).isZero();

            twilio.stop(0, RawTwilioStream.STREAM_SID);
            Calls.awaitStatus(gw, callId, "completed");
        }
    }

    private static List<String> marks(RawTwilioStream twilio) {
        return twilio.received.stream().filter(m -> m.contains("\"event\":\"mark\""))
                .map(m -> m.replaceAll(".*\"name\":\"([^\"]+)\".*", "$1")).toList();
    }
}

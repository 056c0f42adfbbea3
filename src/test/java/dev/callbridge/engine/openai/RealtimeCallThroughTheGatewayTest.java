package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.Calls;
import dev.callbridge.it.FakeTwilioApi;
import dev.callbridge.it.Signing;
import dev.callbridge.it.GatewayFixture;
import dev.callbridge.it.RawTwilioStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code AGENT=realtime} through the real gateway: a Twilio stream in, the fake Realtime API
 * out. The greeting reaches the caller, the caller's μ-law reaches the model byte for byte,
 * and the call's record and transcript say what happened.
 */
class RealtimeCallThroughTheGatewayTest extends RealtimeFakeFixture {
    @TempDir
    Path dir;

    private static List<String> mediaPayloads(List<String> messages) {
        return messages.stream().filter(m -> m.contains("\"event\":\"media\""))
                .map(m -> m.replaceAll(".*\"payload\":\"([^\"]+)\".*", "$1")).toList();
    }

    @Test
    void aTwilioCallTalksToTheRealtimeModel() {
        byte[] greeting = ulaw(400, 0x5A);
        fake.script().respond(ScriptedResponse.audio(greeting, "Welcome to ACME.").withChunkMs(100));
        try (GatewayFixture gw = new GatewayFixture(dir, "AGENT", "realtime", "OPENAI_API_KEY", "sk-test",
                "OPENAI_REALTIME_URL", fake.url(), "AGENT_GREETING", "Welcome to ACME.",
                "AGENT_INSTRUCTIONS", "You answer the phone for ACME.");
             RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
            Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000077");
            String callId = answer.callId();
            twilio.connected();
            twilio.start(answer);
            java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 26; i++) {
                byte[] frame = ulaw(20, 0x70 + (i % 8));
                sent.writeBytes(frame);
                twilio.media(i + 2, Base64.getEncoder().encodeToString(frame));
            }

            // The greeting is played to the caller, as μ-law, with a mark after each chunk.
            await().until(() -> mediaPayloads(twilio.received).size() == 4);
            byte[] heard = mediaPayloads(twilio.received).stream().map(Base64.getDecoder()::decode)
                    .reduce(new byte[0], (a, b) -> {
                        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
                        System.arraycopy(b, 0, c, a.length, b.length);
                        return c;
                    });
            assertThat(heard).isEqualTo(greeting);
            List<String> marks = twilio.received.stream().filter(m -> m.contains("\"event\":\"mark\""))
                    .map(m -> m.replaceAll(".*\"name\":\"([^\"]+)\".*", "$1")).toList();
            assertThat(marks).hasSize(4);
            // Twilio has played it all: the greeting goes on the record once its last mark is back.
            for (int i = 0; i < marks.size(); i++) twilio.mark(30 + i, marks.get(i));

            // The caller's audio reached the model untouched, from the first frame, two frames to an
            // append (OPENAI_APPEND_BATCH_MS defaults to 40).
            FakeRealtimeSession session = fake.awaitSession(0);
            await().until(() -> session.timeline().appendsReceived() == 13);
            java.io.ByteArrayOutputStream appended = new java.io.ByteArrayOutputStream();
            session.timeline().all("input_audio_buffer.append")
                    .forEach(j -> appended.writeBytes(Base64.getDecoder().decode(j.getString("audio"))));
            assertThat(appended.toByteArray()).isEqualTo(sent.toByteArray());
            assertThat(session.effectiveSession().getString("instructions")).isEqualTo("You answer the phone for ACME.");

            twilio.stop(99, RawTwilioStream.STREAM_SID);
            JsonNode record = Calls.awaitStatus(gw, callId, "completed");
            assertThat(record.path("agent").asText()).isEqualTo("realtime");
            await().until(() -> gw.get("/api/calls/" + callId + "/transcript").json().path("entries").size() == 1);
            JsonNode entry = gw.get("/api/calls/" + callId + "/transcript").json().path("entries").get(0);
            assertThat(entry.path("speaker").asText()).isEqualTo("agent");
            assertThat(entry.path("text").asText()).isEqualTo("Welcome to ACME.");
        }
    }

    @Test
    void transferCallRedirectsTheLiveCallThroughTwilio() {
        fake.script().speech(200, 600, "a human please")
                .respond(ScriptedResponse.functionCall("transfer_call", "{\"to\":\"+15550001111\"}"),
                        ScriptedResponse.audio(ulaw(100, 0x44), "Transferring you now.").withChunkMs(100));
        try (FakeTwilioApi twilioApi = new FakeTwilioApi(vertx, "tw-token");
             GatewayFixture gw = new GatewayFixture(dir, "AGENT", "realtime", "OPENAI_API_KEY", "sk-test",
                     "OPENAI_REALTIME_URL", fake.url(), "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID,
                     "TWILIO_AUTH_TOKEN", "tw-token", "TWILIO_API_URL", twilioApi.url());
             RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port(),
                     Signing.sign("tw-token", "ws://localhost:0/ws/twilio-media", java.util.Map.of()))) {
            Calls.StreamAnswer answer = Calls.answeredSigned(gw, RawTwilioStream.CALL_SID, "tw-token");
            String callId = answer.callId();
            twilio.connected();
            twilio.start(answer);
            for (int i = 0; i < 60; i++) twilio.media(i + 2, Base64.getEncoder().encodeToString(ulaw(20, 0xFF)));
            await().until(() -> !twilioApi.callUpdates.isEmpty());
            assertThat(twilioApi.callUpdates).singleElement().asString()
                    .startsWith(RawTwilioStream.CALL_SID + " Twiml=")
                    .contains("<Dial><Number>+15550001111</Number></Dial>");
            // Twilio runs the new TwiML: the stream stops, and the call is recorded as transferred.
            twilio.stop(90, RawTwilioStream.STREAM_SID);
            JsonNode record = Calls.awaitStatus(gw, callId, "completed");
            assertThat(record.path("endReason").asText()).isEqualTo("transferred: +15550001111");
        }
    }

    @Test
    void whenTheUpstreamRefusesTheCallerHearsTheFallbackAndTheRecordSaysWhy() {
        try (GatewayFixture gw = new GatewayFixture(dir, "AGENT", "realtime", "OPENAI_API_KEY", "sk-wrong",
                "OPENAI_REALTIME_URL", fake.url());
             RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
            Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000078");
            String callId = answer.callId();
            twilio.connected();
            twilio.start(answer);
            await().until(() -> !mediaPayloads(twilio.received).isEmpty());
            // Twilio plays it and returns the mark; only then does the gateway hang up.
            String mark = twilio.received.stream().filter(m -> m.contains("\"event\":\"mark\"")).findFirst().orElseThrow()
                    .replaceAll(".*\"name\":\"([^\"]+)\".*", "$1");
            assertThat(twilio.isClosed()).isFalse();
            twilio.mark(50, mark);
            await().until(twilio::isClosed);
            JsonNode record = Calls.awaitStatus(gw, callId, "failed");
            assertThat(record.path("endReason").asText()).startsWith("agent-failed: Realtime API refused the session: HTTP 401");
            assertThat(Calls.metric(gw, "callbridge_agent_upstream_failures_total", "kind=\"http_401\"")).isEqualTo(1);
        }
    }
}

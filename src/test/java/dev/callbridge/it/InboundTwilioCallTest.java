package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An inbound Twilio call, webhook to record: echoed audio, marks, DTMF, transcript, live events. */
class InboundTwilioCallTest {
    @TempDir
    Path dir;

    @Test
    void aCallIsEchoedRecordedAndStreamedLive() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            List<String> live = new CopyOnWriteArrayList<>();
            // Held in a local: Vert.x closes a client that becomes unreachable.
            var eventsClient = gw.vertx.createWebSocketClient();
            WebSocket events = eventsClient
                    .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gw.port()).setURI("/ws/events")).await();
            events.textMessageHandler(live::add);

            String voice = gw.postForm("/twilio/voice", Calls.form("CA00000000000000000000000000000001"), java.util.Map.of()).body();
            assertThat(voice).contains("<Connect><Stream url=\"ws://localhost:").contains("/ws/twilio-media\">");
            Calls.StreamAnswer answer = Calls.streamAnswer(voice);
            String callId = answer.callId();
            assertThat(gw.get("/api/calls/" + callId).json().path("status").asText()).isEqualTo("ringing");

            try (RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
                twilio.connected();
                twilio.start(answer);
                List<String> sent = new ArrayList<>();
                for (int i = 1; i <= 120; i++) {
                    byte[] frame = new byte[160];
                    frame[0] = (byte) i;
                    frame[1] = (byte) (i >> 8);
                    String b64 = Base64.getEncoder().encodeToString(frame);
                    sent.add(b64);
                    twilio.media(i + 1, b64);
                }
                twilio.dtmf(200, '4');
                twilio.dtmf(201, '#');
                await().until(() -> twilio.received.stream().filter(m -> m.contains("\"event\":\"media\"")).count() == 120);
                List<String> echoed = twilio.received.stream().filter(m -> m.contains("\"event\":\"media\""))
                        .map(m -> m.replaceAll(".*\"payload\":\"([^\"]+)\".*", "$1")).toList();
                assertThat(echoed).as("every frame back, in order, untouched").containsExactlyElementsOf(sent);
                assertThat(twilio.received).allMatch(m -> m.contains("\"streamSid\":\"" + RawTwilioStream.STREAM_SID + "\""));
                List<String> marks = twilio.received.stream().filter(m -> m.contains("\"event\":\"mark\""))
                        .map(m -> m.replaceAll(".*\"name\":\"([^\"]+)\".*", "$1")).toList();
                assertThat(marks).hasSize(2); // one per 50 echoed frames
                marks.forEach(name -> twilio.mark(300, name));

                JsonNode during = gw.get("/api/calls/" + callId).json();
                assertThat(during.path("status").asText()).isEqualTo("in-progress");
                assertThat(during.path("providerCallId").asText()).isEqualTo("CA00000000000000000000000000000001");
                twilio.stop(400, RawTwilioStream.STREAM_SID);
                await().until(twilio::isClosed);
            }

            Calls.awaitStatus(gw, callId, "completed");
            JsonNode call = gw.get("/api/calls/" + callId).json();
            assertThat(call.path("direction").asText()).isEqualTo("inbound");
            assertThat(call.path("from").asText()).isEqualTo("+15551230000");
            assertThat(call.path("to").asText()).isEqualTo("+15559870000");
            assertThat(call.path("agent").asText()).isEqualTo("echo");
            assertThat(call.path("endReason").asText()).isEqualTo("caller-hangup");
            assertThat(call.path("answeredAt").asText()).isNotBlank();
            assertThat(call.path("durationMs").asLong()).isGreaterThanOrEqualTo(0);

            await().untilAsserted(() -> assertThat(gw.get("/api/calls/" + callId + "/transcript").json().path("entries"))
                    .hasSize(4));
            JsonNode entries = gw.get("/api/calls/" + callId + "/transcript").json().path("entries");
            assertThat(entries.get(0).path("kind").asText()).isEqualTo("event");
            assertThat(entries.get(1).path("kind").asText()).isEqualTo("dtmf");
            assertThat(entries.get(1).path("text").asText()).isEqualTo("4");
            assertThat(entries.get(1).path("direction").asText()).isEqualTo("inbound");
            assertThat(entries.get(1).path("speaker").asText()).isEqualTo("caller");
            assertThat(entries.get(2).path("text").asText()).isEqualTo("#");
            assertThat(entries.get(3).path("text").asText()).contains("caller-hangup", "echoed 120 frames", "100 acknowledged");
            for (int i = 0; i < 4; i++) assertThat(entries.get(i).path("seq").asInt()).isEqualTo(i + 1);

            await().until(() -> live.stream().anyMatch(e -> e.contains("\"type\":\"call.ended\"")));
            List<String> types = live.stream().map(e -> e.replaceAll("^\\{\"type\":\"([^\"]+)\".*", "$1")).toList();
            assertThat(types).containsSubsequence("call.created", "call.status", "transcript", "dtmf", "transcript",
                    "dtmf", "transcript", "transcript", "call.ended");
            assertThat(Calls.metric(gw, "callbridge_media_frames_in_total")).isEqualTo(120);
            assertThat(Calls.metric(gw, "callbridge_media_frames_out_total")).isEqualTo(120);
            eventsClient.close().await();
        }
    }
}

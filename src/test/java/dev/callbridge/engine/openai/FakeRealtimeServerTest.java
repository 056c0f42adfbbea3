package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The knobs around the protocol: echo mode, injected errors, session cap, dropped connections, pacing. */
class FakeRealtimeServerTest extends RealtimeFakeFixture {

    @Test
    void echoModeAnswersEveryAppendWithTheSameBase64() {
        fake.echo(true).recordAudio(false);
        try (RealtimeTestClient client = telephonyClient(500)) {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                byte[] frame = ulaw(20, i);
                frame[0] = (byte) (i * 7); // every frame distinct
                sent.add(Base64.getEncoder().encodeToString(frame));
                client.append(frame);
            }
            List<JsonObject> events = client.until("response.content_part.added");
            assertThat(RealtimeTestClient.types(events)).containsExactly(
                    "response.created", "response.output_item.added", "conversation.item.added", "response.content_part.added");
            String responseId = events.getFirst().getJsonObject("response").getString("id");
            List<String> echoed = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                JsonObject delta = client.next();
                assertThat(delta.getString("type")).isEqualTo("response.output_audio.delta");
                assertThat(delta.getString("response_id")).isEqualTo(responseId);
                assertThat(delta.getString("event_id")).startsWith("event_");
                echoed.add(delta.getString("delta"));
            }
            assertThat(echoed).isEqualTo(sent);
            RealtimeTimeline timeline = fake.awaitSession(0).timeline();
            assertThat(timeline.appendsReceived()).isEqualTo(50);
            assertThat(timeline.audioDeltasSent()).isEqualTo(50);
            assertThat(timeline.lines()).doesNotContain("← input_audio_buffer.append", "→ response.output_audio.delta"); // counted only

            // Other events still take the normal path in echo mode.
            client.send("input_audio_buffer.clear");
            assertThat(client.next().getString("type")).isEqualTo("input_audio_buffer.cleared");
        }
    }

    @Test
    void echoParserPicksTheAudioOfAppendsOnly() {
        assertThat(EchoResponder.appendedAudio("{\"event_id\":\"e1\",\"meta\":{\"type\":\"x\"},\"audio\":\"AAE=\",\"type\":\"input_audio_buffer.append\"}"))
                .isEqualTo("AAE=");
        assertThat(EchoResponder.appendedAudio("{\"type\":\"input_audio_buffer.commit\",\"audio\":\"AAE=\"}")).isNull();
        assertThat(EchoResponder.appendedAudio("not json")).isNull();
    }

    @Test
    void errorsCanBeInjectedNowOrInPlaceOfTheNextEventOfAType() {
        fake.script().failNext("response.create", RealtimeError.invalidRequest("invalid_value", "scripted failure", "response"));
        try (RealtimeTestClient client = telephonyClient(500)) {
            FakeRealtimeSession session = fake.awaitSession(0);
            session.sendError(new RealtimeError("server_error", "server_error", "The server had an error while processing your request.", null));
            JsonObject now = client.next();
            assertThat(now.getString("type")).isEqualTo("error");
            assertThat(now.getJsonObject("error").getString("type")).isEqualTo("server_error");

            client.send(new JsonObject().put("type", "response.create").put("event_id", "evt_r1"));
            JsonObject instead = client.next();
            assertThat(instead.getJsonObject("error").getString("message")).isEqualTo("scripted failure");
            assertThat(instead.getJsonObject("error").getString("event_id")).isEqualTo("evt_r1");

            client.send("response.create"); // only the next one failed: this one is served (200 ms of silence by default)
            assertThat(client.until("response.done").getLast().getJsonObject("response").getString("status")).isEqualTo("completed");
            assertThat(session.isClosed()).isFalse(); // doc §4: errors are recoverable; the session stays open
        }
    }

    @Test
    void unknownEventsAndBrokenJsonGetErrorEvents() {
        try (RealtimeTestClient client = telephonyClient(500)) {
            client.send("response.frobnicate");
            assertThat(client.next().getJsonObject("error").getString("param")).isEqualTo("type");
            client.send(new JsonObject().put("type", "input_audio_buffer.append").put("audio", "***"));
            assertThat(client.next().getJsonObject("error").getString("param")).isEqualTo("audio");
        }
    }

    @Test
    void sessionCapSendsSessionExpiredAndClosesForRollover() {
        fake.sessionCap(Duration.ofMillis(300), (short) 1000);
        try (RealtimeTestClient client = telephonyClient(500)) {
            long start = System.nanoTime();
            JsonObject error = client.next();
            assertThat(error.getJsonObject("error").getString("code")).isEqualTo("session_expired");
            assertThat(client.awaitClose()).isEqualTo((short) 1000);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
        // The next connection (the rollover) gets a fresh session with its own script and timeline.
        try (RealtimeTestClient second = RealtimeTestClient.connect(vertx, fake)) {
            assertThat(second.next().getString("type")).isEqualTo("session.created");
            assertThat(fake.awaitSession(1).timeline().lines()).first().isEqualTo("→ session.created");
        }
    }

    @Test
    void droppedConnectionEndsWithoutACloseFrame() {
        fake.script().respond(ScriptedResponse.audio(ulaw(1000, 0x55), "still talking").holdAfter(1));
        try (RealtimeTestClient client = telephonyClient(500)) {
            client.send("response.create");
            client.nextOf("response.output_audio.delta");
            fake.awaitSession(0).drop();
            assertThat(client.awaitClose()).isEqualTo((short) 1006); // a close frame would have given 1000
        }
    }

    @Test
    void realTimePacingSpendsTheAudioDuration() {
        fake.script().respond(ScriptedResponse.audio(ulaw(300, 0x55), "one two three").withChunkMs(100).inRealTime());
        try (RealtimeTestClient client = telephonyClient(500)) {
            client.send("response.create");
            JsonObject firstDelta = client.nextOf("response.output_audio.delta");
            long start = System.nanoTime();
            client.until("response.done");
            long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertThat(firstDelta.getString("delta")).isNotEmpty();
            assertThat(ms).isBetween(180L, 1000L); // two more chunks, each after the previous chunk's 100 ms
        }
    }
}

package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Doc §4: one voice turn, cancel, barge-in and truncate, event by event. */
class FakeRealtimeTurnTest extends RealtimeFakeFixture {

    @Test
    void scriptedVoiceTurnYieldsTheGaEventOrderWithConsistentIds() {
        byte[] reply = ulaw(250, 0x55);
        fake.script().speech(1000, 1600, "I'd like to book a table")
                .respond(ScriptedResponse.audio(reply, "Sure, for when?").withChunkMs(100));
        try (RealtimeTestClient client = telephonyClient(200)) {
            for (int i = 0; i < 100; i++) client.append(ulaw(20, 0xFF)); // 2 s of caller audio in 20 ms frames
            List<JsonObject> events = client.until("response.done");

            assertThat(RealtimeTestClient.types(events)).containsExactly(
                    "input_audio_buffer.speech_started",
                    "input_audio_buffer.speech_stopped",
                    "input_audio_buffer.committed",
                    "conversation.item.added",
                    "response.created",
                    "rate_limits.updated",
                    "response.output_item.added",
                    "conversation.item.added",
                    "response.content_part.added",
                    "response.output_audio.delta", "response.output_audio_transcript.delta",
                    "response.output_audio.delta", "response.output_audio_transcript.delta",
                    "response.output_audio.delta", "response.output_audio_transcript.delta",
                    "conversation.item.input_audio_transcription.delta", "conversation.item.input_audio_transcription.delta",
                    "conversation.item.input_audio_transcription.delta", "conversation.item.input_audio_transcription.delta",
                    "conversation.item.input_audio_transcription.delta", "conversation.item.input_audio_transcription.delta",
                    "conversation.item.input_audio_transcription.completed",
                    "response.output_audio.done",
                    "response.output_audio_transcript.done",
                    "response.content_part.done",
                    "response.output_item.done",
                    "conversation.item.done",
                    "response.done");

            // VAD times: start − prefix padding (300 ms), end as scripted; emitted once silence (200 ms) passed.
            assertThat(events.get(0).getLong("audio_start_ms")).isEqualTo(700);
            assertThat(events.get(1).getLong("audio_end_ms")).isEqualTo(1600);
            String userItem = events.get(0).getString("item_id");
            assertThat(userItem).startsWith("item_");
            assertThat(events.get(1).getString("item_id")).isEqualTo(userItem);
            assertThat(events.get(2).getString("item_id")).isEqualTo(userItem);
            assertThat(events.get(2).getValue("previous_item_id")).isNull(); // first item of the conversation
            JsonObject userMessage = events.get(3).getJsonObject("item");
            assertThat(userMessage.getString("id")).isEqualTo(userItem);
            assertThat(userMessage.getString("role")).isEqualTo("user");
            assertThat(events.stream().filter(e -> e.getString("type").startsWith("conversation.item.input_audio_transcription"))
                    .map(e -> e.getString("item_id"))).containsOnly(userItem);
            assertThat(events.get(21).getString("transcript")).isEqualTo("I'd like to book a table");

            String responseId = events.get(4).getJsonObject("response").getString("id");
            assertThat(responseId).startsWith("resp_");
            assertThat(events.get(4).getJsonObject("response").getString("status")).isEqualTo("in_progress");
            String assistantItem = events.get(6).getJsonObject("item").getString("id");
            assertThat(events.get(7).getString("previous_item_id")).isEqualTo(userItem);
            ByteArrayOutputStream audio = new ByteArrayOutputStream();
            StringBuilder transcript = new StringBuilder();
            for (JsonObject e : events.subList(6, events.size() - 1)) {
                if (e.getString("type").startsWith("response.")) {
                    assertThat(e.getString("response_id")).as(e.getString("type")).isEqualTo(responseId);
                    if (e.containsKey("item_id")) assertThat(e.getString("item_id")).isEqualTo(assistantItem);
                }
                if (e.getString("type").equals("response.output_audio.delta")) audio.writeBytes(Base64.getDecoder().decode(e.getString("delta")));
                if (e.getString("type").equals("response.output_audio_transcript.delta")) transcript.append(e.getString("delta"));
            }
            assertThat(audio.toByteArray()).isEqualTo(reply);
            assertThat(transcript).hasToString("Sure, for when?");
            assertThat(events.get(23).getString("transcript")).isEqualTo("Sure, for when?");

            JsonObject done = events.getLast().getJsonObject("response");
            assertThat(done.getString("id")).isEqualTo(responseId);
            assertThat(done.getString("status")).isEqualTo("completed");
            assertThat(done.getJsonArray("output").getJsonObject(0).getString("id")).isEqualTo(assistantItem);
            assertThat(done.getJsonArray("output").getJsonObject(0).getJsonArray("content").getJsonObject(0).getString("transcript"))
                    .isEqualTo("Sure, for when?");
            assertThat(done.getJsonObject("usage").getInteger("total_tokens")).isPositive();

            RealtimeTimeline timeline = fake.awaitSession(0).timeline();
            // response.done can overtake the last appends still on the wire: wait for all 100, no more.
            org.awaitility.Awaitility.await().until(() -> timeline.appendsReceived() >= 100);
            assertThat(timeline.appendsReceived()).isEqualTo(100);
            assertThat(timeline.sentLines()).hasSize(events.size() + 2).startsWith("→ session.created", "→ session.updated")
                    .endsWith("→ response.done");
            // VAD fires on the input-audio clock: speech at 1000 ms is frame 50; its end (1600) + 200 ms silence is frame 90.
            List<String> lines = timeline.lines();
            assertThat(appendsBefore(lines, "→ input_audio_buffer.speech_started")).isEqualTo(50);
            assertThat(appendsBefore(lines, "→ input_audio_buffer.speech_stopped")).isEqualTo(90);
        }
    }

    @Test
    void cancelMidResponseEndsItCancelledAndStopsTheDeltas() {
        fake.script().respond(ScriptedResponse.audio(ulaw(1000, 0x55), "one two three four five").withChunkMs(100).holdAfter(2));
        try (RealtimeTestClient client = telephonyClient(500)) {
            client.send("response.create");
            List<JsonObject> start = client.until("response.output_audio.delta");
            String responseId = start.get(0).getJsonObject("response").getString("id");
            client.nextOf("response.output_audio.delta"); // the second delta; the script holds after it
            client.send(new JsonObject().put("type", "response.cancel").put("event_id", "evt_cancel"));
            List<JsonObject> tail = client.until("response.done");
            assertThat(RealtimeTestClient.types(tail)).containsExactly("response.output_audio_transcript.delta", "response.done");
            JsonObject done = tail.getLast().getJsonObject("response");
            assertThat(done.getString("id")).isEqualTo(responseId);
            assertThat(done.getString("status")).isEqualTo("cancelled");
            assertThat(done.getJsonObject("status_details").getString("reason")).isEqualTo("client_cancelled");
            assertThat(done.getJsonArray("output").getJsonObject(0).getString("status")).isEqualTo("incomplete");

            fake.awaitSession(0).resume(); // nothing may follow a finished response
            client.send(new JsonObject().put("type", "response.cancel").put("event_id", "evt_cancel_2"));
            JsonObject error = client.next();
            assertThat(error.getString("type")).isEqualTo("error");
            assertThat(error.getJsonObject("error").getString("code")).isEqualTo("response_cancel_not_active"); // doc §3, ASSUMED code
            assertThat(error.getJsonObject("error").getString("event_id")).isEqualTo("evt_cancel_2");
        }
    }

    @Test
    void bargeInCancelsTheResponseThenTruncateIsCheckedAgainstTheAudioSent() {
        fake.script().speech(200, 400, "hello").speech(1500, 1800, "wait")
                .respond(ScriptedResponse.audio(ulaw(1000, 0x55), "a long answer").withChunkMs(100).holdAfter(3));
        try (RealtimeTestClient client = telephonyClient(200)) {
            for (int i = 0; i < 35; i++) client.append(ulaw(20, 0xFF)); // to 700 ms: turn one ends at 600
            List<JsonObject> first = client.until("response.created");
            String responseId = first.getLast().getJsonObject("response").getString("id");
            String item = client.nextOf("response.output_item.added").getJsonObject("item").getString("id");
            for (int i = 0; i < 3; i++) client.nextOf("response.output_audio.delta"); // 300 ms sent, then held
            for (int i = 0; i < 45; i++) client.append(ulaw(20, 0xFF)); // to 1600 ms: the caller speaks again at 1500

            List<JsonObject> barge = client.until("response.done");
            assertThat(RealtimeTestClient.types(barge)).endsWith("input_audio_buffer.speech_started", "response.done");
            JsonObject done = barge.getLast().getJsonObject("response");
            assertThat(done.getString("id")).isEqualTo(responseId);
            assertThat(done.getString("status")).isEqualTo("cancelled");
            assertThat(done.getJsonObject("status_details").getString("reason")).isEqualTo("turn_detected");

            client.send(new JsonObject().put("type", "conversation.item.truncate").put("event_id", "evt_t1")
                    .put("item_id", item).put("content_index", 0).put("audio_end_ms", 301));
            JsonObject tooLong = client.next();
            assertThat(tooLong.getString("type")).isEqualTo("error");
            assertThat(tooLong.getJsonObject("error").getString("param")).isEqualTo("audio_end_ms");
            assertThat(tooLong.getJsonObject("error").getString("event_id")).isEqualTo("evt_t1");

            client.send(new JsonObject().put("type", "conversation.item.truncate").put("item_id", item).put("content_index", 0).put("audio_end_ms", 180));
            JsonObject truncated = client.next();
            assertThat(truncated.getString("type")).isEqualTo("conversation.item.truncated");
            assertThat(truncated.getString("item_id")).isEqualTo(item);
            assertThat(truncated.getLong("audio_end_ms")).isEqualTo(180);

            assertThat(fake.awaitSession(0).truncations()).containsExactly(
                    new Conversation.Truncation(item, 0, 301, false), new Conversation.Truncation(item, 0, 180, true));
        }
    }

    @Test
    void energyVadFindsTheLoudFramesOfPcmAudio() {
        fake.script().energyVad(1000, "hello there").respond(ScriptedResponse.audio(new byte[4800], "Hi!"));
        try (RealtimeTestClient client = RealtimeTestClient.connect(vertx, fake)) {
            client.nextOf("session.created"); // defaults: 24 kHz PCM in, server_vad with 500 ms silence
            client.send(update(new JsonObject().put("type", "realtime").put("audio", new JsonObject().put("input", new JsonObject()
                    .put("transcription", new JsonObject().put("model", "whisper-1"))))));
            client.nextOf("session.updated");
            for (int i = 0; i < 10; i++) client.append(pcmFrame(0));      // 0–200 ms quiet
            for (int i = 0; i < 25; i++) client.append(pcmFrame(8000));   // 200–700 ms loud
            for (int i = 0; i < 30; i++) client.append(pcmFrame(100));    // quiet again; the turn ends at 700 + 500
            List<JsonObject> turn = client.until("response.done");
            assertThat(turn.getFirst().getLong("audio_start_ms")).isZero(); // 200 − 300 ms prefix padding, floored at 0
            JsonObject stopped = turn.get(1);
            assertThat(stopped.getString("type")).isEqualTo("input_audio_buffer.speech_stopped");
            assertThat(stopped.getLong("audio_end_ms")).isEqualTo(700);
            assertThat(turn.stream().filter(e -> e.getString("type").equals("conversation.item.input_audio_transcription.completed"))
                    .map(e -> e.getString("transcript"))).containsExactly("hello there");
            List<String> lines = fake.awaitSession(0).timeline().lines();
            assertThat(appendsBefore(lines, "→ input_audio_buffer.speech_stopped")).isEqualTo(60);
        }
    }

    /** 20 ms of 24 kHz PCM16 (480 samples) with a square wave of the given amplitude. */
    private static byte[] pcmFrame(int amplitude) {
        byte[] b = new byte[960];
        for (int i = 0; i < 480; i++) {
            short v = (short) (i % 2 == 0 ? amplitude : -amplitude);
            b[2 * i] = (byte) v;
            b[2 * i + 1] = (byte) (v >> 8);
        }
        return b;
    }

    @Test
    void truncatingAUserItemIsRefused() {
        fake.script().speech(100, 300, "hi").respond(ScriptedResponse.audio(ulaw(100, 0x55), "ok"));
        try (RealtimeTestClient client = telephonyClient(200)) {
            for (int i = 0; i < 30; i++) client.append(ulaw(20, 0xFF));
            String userItem = client.nextOf("input_audio_buffer.committed").getString("item_id");
            client.until("response.done");
            client.send(new JsonObject().put("type", "conversation.item.truncate").put("item_id", userItem).put("content_index", 0).put("audio_end_ms", 0));
            JsonObject error = client.nextOf("error").getJsonObject("error");
            assertThat(error.getString("message")).contains("Only assistant messages");
        }
    }

    @Test
    void manualCommitNeedsAtLeast100msAndCreatesAUserItem() {
        try (RealtimeTestClient client = telephonyClient(500)) {
            client.append(ulaw(60, 0xFF));
            client.send(new JsonObject().put("type", "input_audio_buffer.commit").put("event_id", "evt_c"));
            JsonObject error = client.next().getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("input_audio_buffer_commit_empty"); // doc §3/§7
            assertThat(error.getString("message")).contains("60.00ms");

            client.append(ulaw(60, 0xFF)); // 120 ms buffered now
            client.send("input_audio_buffer.commit");
            JsonObject committed = client.next();
            assertThat(committed.getString("type")).isEqualTo("input_audio_buffer.committed");
            JsonObject added = client.next();
            assertThat(added.getString("type")).isEqualTo("conversation.item.added");
            assertThat(added.getJsonObject("item").getString("id")).isEqualTo(committed.getString("item_id"));

            client.send("input_audio_buffer.clear");
            assertThat(client.next().getString("type")).isEqualTo("input_audio_buffer.cleared");
        }
    }

    private static long appendsBefore(List<String> lines, String line) {
        return lines.subList(0, lines.indexOf(line)).stream().filter(l -> l.equals("← input_audio_buffer.append")).count();
    }
}

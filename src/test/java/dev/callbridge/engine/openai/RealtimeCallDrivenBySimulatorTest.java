package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.agent.SpokenPrompt;
import dev.callbridge.it.Calls;
import dev.callbridge.it.GatewayFixture;
import dev.callbridge.sim.CallerAudio;
import dev.callbridge.sim.GatewayTarget;
import dev.callbridge.sim.PlaybackClock;
import dev.callbridge.sim.SimulationResult;
import dev.callbridge.sim.TwilioCallSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped simulator, acting as Twilio with signed requests and real-time playback that
 * returns marks as audio plays, calls the real gateway running {@code AGENT=realtime} against
 * the fake Realtime API. The caller speaks real (espeak-ng) speech; the fake's voice activity is
 * scripted on the audio's timeline. What the caller heard is checked byte by byte.
 */
class RealtimeCallDrivenBySimulatorTest extends RealtimeFakeFixture {
    private static final String TOKEN = "f00dfeedf00dfeedf00dfeedf00dfeed";
    private static final String PUBLIC_URL = "https://voice.example.com";
    private static final byte GREETING = 0x5A;
    private static final byte ANSWER = 0x44;

    @TempDir
    Path dir;

    private GatewayFixture gateway(String... extra) {
        List<String> env = new ArrayList<>(List.of("TWILIO_AUTH_TOKEN", TOKEN, "PUBLIC_URL", PUBLIC_URL, "AGENT", "realtime",
                "OPENAI_API_KEY", "sk-test", "OPENAI_REALTIME_URL", fake.url(), "AGENT_INSTRUCTIONS", "You answer the phone for ACME."));
        env.addAll(List.of(extra));
        return new GatewayFixture(dir.resolve("data"), env.toArray(String[]::new));
    }

    private static SimulationResult call(GatewayFixture gw, long callMillis) throws Exception {
        GatewayTarget target = new GatewayTarget(URI.create(gw.base()), URI.create(PUBLIC_URL), Optional.of(TOKEN));
        var options = new TwilioCallSimulator.Options(target, CallerAudio.load(null), callMillis, "", "+15551230000", "+15559870000");
        return new TwilioCallSimulator(gw.vertx, options, PlaybackClock.system(), new SplittableRandom(3), counters -> { })
                .run().await();
    }

    private static long bytesOf(byte[] heard, byte value) {
        long n = 0;
        for (byte b : heard) if (b == value) n++;
        return n;
    }

    private static List<String> transcript(GatewayFixture gw, String callId) {
        JsonNode entries = gw.get("/api/calls/" + callId + "/transcript").json().path("entries");
        return StreamSupport.stream(entries.spliterator(), false)
                .map(e -> e.path("speaker").asText() + (e.path("interrupted").asBoolean() ? " (cut)" : "") + ": " + e.path("text").asText())
                .toList();
    }

    private static double appendedMs(FakeRealtimeServer fake) {
        return fake.sessions().stream().mapToDouble(FakeRealtimeSession::inputAudioMs).sum();
    }

    @Test
    void theGreetingAndATurnAreHeardAndRecorded() throws Exception {
        fake.script().respond(ScriptedResponse.audio(ulaw(1000, GREETING), "Welcome to ACME.").withChunkMs(100))
                .speech(1500, 3000, "Hello, I would like to book a table for two, please.")
                .respond(ScriptedResponse.audio(ulaw(600, ANSWER), "For which day?").withChunkMs(100));
        try (GatewayFixture gw = gateway("AGENT_GREETING", "Welcome to ACME.")) {
            SimulationResult result = call(gw, 6000);
            assertThat(result.outcome()).as(result.detail()).isEqualTo(SimulationResult.Outcome.COMPLETED);
            assertThat(bytesOf(result.heardAudio(), GREETING)).isEqualTo(8000);
            assertThat(bytesOf(result.heardAudio(), ANSWER)).isEqualTo(4800);
            assertThat(result.counters().marksReturned()).isEqualTo(result.counters().marksReceived()).isPositive();

            String id = result.callId();
            JsonNode record = Calls.awaitStatus(gw, id, "completed");
            assertThat(record.path("stats").path("turns").asInt()).isEqualTo(1);
            await().until(() -> transcript(gw, id).size() == 3);
            assertThat(transcript(gw, id)).containsExactlyInAnyOrder("agent: Welcome to ACME.",
                    "caller: Hello, I would like to book a table for two, please.", "agent: For which day?");
            // Every frame the simulator sent reached the model, from the first, two to an append
            // (OPENAI_APPEND_BATCH_MS=40): only a last, odd frame may still have been waiting for its pair.
            double unsentMs = result.counters().framesSent() * 20.0 - fake.awaitSession(0).inputAudioMs();
            assertThat(unsentMs).isIn(0.0, 20.0);
        }
    }

    @Test
    void aBargeInCutsTheGreetingWhereTheCallersMarksSayItWasHeard() throws Exception {
        fake.script().respond(ScriptedResponse.audio(ulaw(3000, GREETING), "Welcome to ACME, home of the finest anvils, "
                        + "rocket skates and giant magnets, at prices that will make you smile.").withChunkMs(200))
                .speech(1100, 2200, "Sorry, what are your hours?")
                .respond(ScriptedResponse.audio(ulaw(400, ANSWER), "Nine to five.").withChunkMs(100));
        try (GatewayFixture gw = gateway("AGENT_GREETING", "Welcome to ACME.")) {
            SimulationResult result = call(gw, 4500);
            assertThat(result.outcome()).as(result.detail()).isEqualTo(SimulationResult.Outcome.COMPLETED);
            assertThat(result.counters().clears()).isEqualTo(1);

            FakeRealtimeSession session = fake.awaitSession(0);
            Conversation.Truncation cut = session.truncations().get(0);
            assertThat(cut.accepted()).isTrue();
            // The caller heard this much of the greeting before the clear; the cut is at the last mark
            // they returned: whole 200 ms chunks, never more than they heard, at most a chunk and the
            // simulator's 20 ms tick less.
            long heardMs = bytesOf(result.heardAudio(), GREETING) / 8;
            assertThat(heardMs).isBetween(200L, 2800L);
            assertThat(cut.audioEndMs() % 200).isZero();
            assertThat(cut.audioEndMs()).isLessThanOrEqualTo(heardMs).isGreaterThan(heardMs - 220);
            assertThat(bytesOf(result.heardAudio(), ANSWER)).isEqualTo(3200);

            String id = result.callId();
            JsonNode record = Calls.awaitStatus(gw, id, "completed");
            assertThat(record.path("stats").path("bargeIns").asInt()).isEqualTo(1);
            await().until(() -> transcript(gw, id).size() == 3);
            List<String> said = transcript(gw, id);
            assertThat(said).contains("caller: Sorry, what are your hours?", "agent: Nine to five.");
            String greetingCut = said.stream().filter(s -> s.startsWith("agent (cut): ")).findFirst().orElseThrow(() -> new AssertionError(said))
                    .substring("agent (cut): ".length());
            assertThat("Welcome to ACME, home of the finest anvils, rocket skates and giant magnets, at prices that will make you smile.")
                    .startsWith(greetingCut).isNotEqualTo(greetingCut);
        }
    }

    @Test
    void endCallHangsUpOnceTheCallerHasHeardTheWholeGoodbye() throws Exception {
        fake.script().speech(300, 1500, "That's all, thank you, bye.")
                .respond(ScriptedResponse.functionCall("end_call", "{}"),
                        ScriptedResponse.audio(ulaw(1500, ANSWER), "Goodbye, have a nice day!").withChunkMs(100));
        try (GatewayFixture gw = gateway()) {
            SimulationResult result = call(gw, 15_000);
            assertThat(result.serverHungUp()).isTrue();
            assertThat(bytesOf(result.heardAudio(), ANSWER)).as("every byte of the goodbye was played first").isEqualTo(12_000);
            JsonNode record = Calls.awaitStatus(gw, result.callId(), "completed");
            assertThat(record.path("endReason").asText()).isEqualTo("agent-hangup");
            assertThat(record.path("durationMs").asLong()).isLessThan(10_000);
            await().until(() -> transcript(gw, result.callId()).contains("agent: Goodbye, have a nice day!"));
            assertThat(transcript(gw, result.callId())).contains("agent: end_call {} → {\"status\":\"ending\",\"say\":\"a short goodbye\"}");
            assertThat(gw.get("/api/calls/" + result.callId()).json().path("stats").path("toolCalls").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aRolloverMidCallLosesNoFrameAndTheCallerNoticesNothing() throws Exception {
        fake.script().speech(200, 900, "Hello there.")
                .respond(ScriptedResponse.audio(ulaw(300, ANSWER), "Hi!").withChunkMs(100));
        try (GatewayFixture gw = gateway("OPENAI_SESSION_ROLLOVER_SECONDS", "1")) {
            SimulationResult result = call(gw, 4000);
            assertThat(result.outcome()).as(result.detail()).isEqualTo(SimulationResult.Outcome.COMPLETED);
            assertThat(result.serverHungUp()).isFalse();
            assertThat(bytesOf(result.heardAudio(), ANSWER)).isEqualTo(2400);
            JsonNode record = Calls.awaitStatus(gw, result.callId(), "completed");
            assertThat(record.path("stats").path("sessionRollovers").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(fake.sessions()).hasSizeGreaterThanOrEqualTo(2);
            // Every caller frame went up to exactly one session (but a last, odd frame still waiting for its pair).
            await().until(() -> appendedMs(fake) >= result.counters().framesSent() * 20.0 - 20);
            assertThat(result.counters().framesSent() * 20.0 - appendedMs(fake)).isIn(0.0, 20.0);
            assertThat(fake.awaitSession(1).timeline().all("conversation.item.create")).extracting(e -> e.getJsonObject("item")
                    .getJsonArray("content").getJsonObject(0).getString("text")).containsExactly("Hello there.", "Hi!");
        }
    }

    @Test
    void aRefusedUpstreamPlaysTheFallbackToTheCallerAndTheRecordSaysWhy() throws Exception {
        try (GatewayFixture gw = gateway("OPENAI_API_KEY", "sk-wrong")) {
            SimulationResult result = call(gw, 15_000);
            assertThat(result.serverHungUp()).isTrue();
            byte[] prompt = SpokenPrompt.unavailable().audio().data();
            assertThat(result.heardAudio().length).isGreaterThanOrEqualTo(prompt.length);
            assertThat(indexOf(result.heardAudio(), prompt)).as("the whole prompt, then the hang-up").isNotNegative();
            JsonNode record = Calls.awaitStatus(gw, result.callId(), "failed");
            assertThat(record.path("endReason").asText()).startsWith("agent-failed: Realtime API refused the session: HTTP 401");
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}

package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.SpokenAudio;
import dev.callbridge.call.Call;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.Interpretation;
import dev.callbridge.call.Provider;
import dev.callbridge.engine.stt.FakeTranscriptions;
import dev.callbridge.engine.translate.FakeApertiumApy;
import dev.callbridge.engine.translate.FakeTranslationServer;
import dev.callbridge.engine.tts.FakeSpeechServer;
import dev.callbridge.it.Calls;
import dev.callbridge.it.RawTwilioStream;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mixed providers with the real interpreter: A on Twilio, B on Asterisk (fake ARI and an RTP peer,
 * built from Asterisk 22's captures), the engines' protocol fakes, the real Silero VAD. A's English
 * reaches B over RTP in Spanish, B's Spanish reaches A's Twilio stream, and the record has both.
 */
class InterpretedCallWithBOnAsteriskTest {
    private static final String A_SID = "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    @TempDir
    Path dir;

    @Test
    void aOnTwilioAndBOnAsteriskHearEachOtherInterpreted() {
        Vertx fakes = Vertx.vertx();
        FakeTranscriptions stt = FakeTranscriptions.start(fakes, "whisper-1", "sk-stt").await();
        FakeSpeechServer tts = FakeSpeechServer.start(fakes, "sk-tts", "tts-1", "alloy").await();
        FakeTranslationServer apy = FakeTranslationServer.start(fakes, new FakeApertiumApy(11), 11);
        for (int i = 0; i < 20; i++) tts.enqueue(FakeSpeechServer.Reply.pcm(i).millis(300));
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir, Map.of(), "ARI_ENDPOINT_TEMPLATE", "PJSIP/{to}@trunk",
                "STT", "openai", "STT_URL", stt.baseUrl(), "STT_API_KEY", "sk-stt", "STT_MODEL", "whisper-1",
                "TTS", "openai", "TTS_URL", tts.baseUrl(), "TTS_API_KEY", "sk-tts", "TTS_MODEL", "tts-1", "TTS_VOICE", "alloy",
                "TRANSLATE", "apertium", "TRANSLATE_URL", apy.baseUrl())) {
            rig.ari.nextOriginate(OriginateOutcome.answered().after(Duration.ofMillis(200)));
            Interpretation interpreter = new Interpretation(new Interpretation.Languages("en", "es"),
                    new Interpretation.Party(Provider.ASTERISK, "+34911222333", "+15559870000", null, CallStatus.QUEUED));
            Call call = rig.gw.gateway.registry().create(new CallRegistry.NewCall(Provider.TWILIO, A_SID, Direction.INBOUND,
                    "+15551230000", "+15559870000", CallStatus.RINGING, "interpreter", "en", Map.of(), null, interpreter),
                    rig.gw.vertx.getOrCreateContext()).orElseThrow();
            try (RawTwilioStream a = new RawTwilioStream(rig.gw.vertx, rig.gw.port())) {
                a.connected();
                a.send(RawTwilioStream.startMessage(RawTwilioStream.STREAM_SID, A_SID, Map.of("callId", call.id(), "callToken", call.streamToken())));
                await().atMost(Duration.ofSeconds(10)).until(() -> call.record().interpreter().b().status() == CallStatus.IN_PROGRESS);
                String channel = call.record().interpreter().b().providerCallId();
                int port = rig.gatewayRtpPort(channel);
                // The prompts: "please hold" and "connected" to A, the interpreter's welcome to B.
                await().atMost(Duration.ofSeconds(10)).until(() -> tts.served().size() >= 3 && !rig.rtp.received().isEmpty());
                int rtpBefore = rig.rtp.received().size();

                stt.enqueue(FakeTranscriptions.Reply.text("good morning friend"));
                byte[] fromA = speech("Good morning my friend", 900);
                int seq = 2;
                for (int off = 0; off + 160 <= fromA.length; off += 160) {
                    a.media(seq++, Base64.getEncoder().encodeToString(Arrays.copyOfRange(fromA, off, off + 160)));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> speech(rig, call.id()).size() == 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> rig.rtp.received().size() > rtpBefore + 10);

                int aMediaBefore = (int) a.received.stream().filter(m -> m.contains("\"event\":\"media\"")).count();
                stt.enqueue(FakeTranscriptions.Reply.text("hola amigo"));
                byte[] fromB = speech("Hello friend", 900);
                // At the pace a phone sends: a burst longer than the jitter buffer would not be a phone.
                for (int off = 0; off + 160 <= fromB.length; off += 160) {
                    rig.rtp.sendFrame(Arrays.copyOfRange(fromB, off, off + 160), port);
                    sleep(20);
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> a.received.stream().filter(m -> m.contains("\"event\":\"media\"")).count()
                        > aMediaBefore + 10);

                rig.ari.callerHangsUp(channel);
                JsonNode ended = Calls.awaitStatus(rig.gw, call.id(), "completed");
                assertThat(ended.path("endReason").asText()).isEqualTo("party-b-hangup");
                assertThat(ended.path("interpreter").path("b").path("provider").asText()).isEqualTo("asterisk");
                List<JsonNode> said = speech(rig, call.id());
                assertThat(said).hasSize(2);
                assertThat(said.get(0).path("speaker").asText()).isEqualTo("a");
                assertThat(said.get(0).path("translation").asText()).isEqualTo("buenos días amigo");
                assertThat(said.get(1).path("speaker").asText()).isEqualTo("b");
                assertThat(said.get(1).path("text").asText()).isEqualTo("hola amigo");
                assertThat(stt.served()).extracting(s -> s.fields().get("language")).containsExactly("en", "es");
            }
        } finally {
            stt.close();
            tts.close();
            apy.close();
            fakes.close().await();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] speech(String text, int silenceMs) {
        byte[] voice = SpokenAudio.chunk(text, AudioFormat.PCMU_8K).data();
        byte[] all = Arrays.copyOf(voice, voice.length + silenceMs * 8);
        Arrays.fill(all, voice.length, all.length, (byte) 0xFF);
        return all;
    }

    private static List<JsonNode> speech(AsteriskGatewayRig rig, String callId) {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode e : rig.gw.get("/api/calls/" + callId + "/transcript").json().path("entries")) {
            if (e.path("kind").asText().equals("speech")) out.add(e);
        }
        return out;
    }
}

package dev.callbridge.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.SpokenAudio;
import dev.callbridge.engine.stt.FakeTranscriptions;
import dev.callbridge.engine.translate.FakeApertiumApy;
import dev.callbridge.engine.translate.FakeTranslationServer;
import dev.callbridge.engine.tts.FakeSpeechServer;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An interpreted call through the real gateway and the real interpreter agent: both parties are
 * Twilio phones ({@link FakeTwilioApi}), the engines are the vendors' protocol fakes (OpenAI-style
 * STT and TTS, apertium-apy), and the VAD is the real Silero. Callers' speech is real (FreeTTS).
 */
final class InterpretedCallThroughTheGateway implements AutoCloseable {
    static final String STT_KEY = "sk-stt-interp";
    static final String TTS_KEY = "sk-tts-interp";

    final Vertx fakes = Vertx.vertx();
    final FakeTranscriptions stt;
    final FakeSpeechServer tts;
    final FakeTranslationServer apy;
    final InterpretedCallRig rig;

    InterpretedCallThroughTheGateway(Path dir, String... extraEnv) {
        stt = FakeTranscriptions.start(fakes, "whisper-1", STT_KEY).await();
        tts = FakeSpeechServer.start(fakes, TTS_KEY, "tts-1", "alloy").await();
        apy = FakeTranslationServer.start(fakes, new FakeApertiumApy(7), 7);
        for (int i = 0; i < 40; i++) tts.enqueue(FakeSpeechServer.Reply.pcm(i).millis(400));
        List<String> env = new ArrayList<>(List.of(
                "STT", "openai", "STT_URL", stt.baseUrl(), "STT_API_KEY", STT_KEY, "STT_MODEL", "whisper-1",
                "TTS", "openai", "TTS_URL", tts.baseUrl(), "TTS_API_KEY", TTS_KEY, "TTS_MODEL", "tts-1", "TTS_VOICE", "alloy",
                "TRANSLATE", "apertium", "TRANSLATE_URL", apy.baseUrl()));
        env.addAll(Arrays.asList(extraEnv));
        rig = new InterpretedCallRig(dir, env.toArray(String[]::new));
    }

    /** Places the call: A at {@link InterpretedCallRig#A}, B at {@code bTo} on {@code bProvider}; returns its id. */
    String place(String bTo, String bProvider) {
        GatewayFixture.Response created = rig.gw.postJson("/api/calls", "{\"to\":\"" + InterpretedCallRig.A + "\",\"interpreter\":{\"to\":\""
                + bTo + "\",\"provider\":\"" + bProvider + "\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}");
        if (created.status() != 201) throw new AssertionError("POST /api/calls: " + created.status() + " " + created.body());
        return created.json().path("id").asText();
    }

    /** Real speech for {@code text}, then {@code silenceMs} of silence, as μ-law 8 kHz. */
    static byte[] speech(String text, int silenceMs) {
        byte[] voice = SpokenAudio.chunk(text, AudioFormat.PCMU_8K).data();
        byte[] all = Arrays.copyOf(voice, voice.length + silenceMs * 8);
        Arrays.fill(all, voice.length, all.length, (byte) 0xFF);
        return all;
    }

    /** Sends {@code ulaw} through a Twilio party's stream in 20 ms media messages. */
    static void say(TwilioPartyStream party, byte[] ulaw) {
        for (int off = 0; off + 160 <= ulaw.length; off += 160) party.media(Arrays.copyOfRange(ulaw, off, off + 160));
    }

    JsonNode transcript(String callId) {
        return rig.gw.get("/api/calls/" + callId + "/transcript").json().path("entries");
    }

    List<JsonNode> speechEntries(String callId) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : transcript(callId)) if (e.path("kind").asText().equals("speech")) out.add(e);
        return out;
    }

    void awaitSpeechEntries(String callId, int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> speechEntries(callId).size() >= n);
    }

    @Override
    public void close() {
        rig.close();
        stt.close();
        tts.close();
        apy.close();
        fakes.close().await();
    }
}

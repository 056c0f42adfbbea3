package dev.callbridge.agent.pipeline;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.G711;
import dev.callbridge.audio.SpokenAudio;
import dev.callbridge.call.CallJson;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.stt.FakeTranscriptions;
import dev.callbridge.engine.tts.FakeSpeechServer;
import dev.callbridge.it.Calls;
import dev.callbridge.it.GatewayFixture;
import dev.callbridge.it.RawTwilioStream;
import dev.callbridge.it.Signing;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One pipeline call through the real gateway: the three remote engines' fakes (STT, LLM, TTS, each
 * speaking its vendor's protocol), the real Silero VAD, and a raw Twilio media stream the test drives
 * frame by frame. Caller speech is real (FreeTTS), so the VAD has something to find; it is sent
 * faster than real time, which the VAD does not mind (it counts samples, not the clock).
 */
final class PipelineCall implements AutoCloseable {
    static final String STT_KEY = "sk-stt-test";
    static final String TTS_KEY = "sk-tts-test";
    private static final Map<String, byte[]> SPEECH = new ConcurrentHashMap<>();

    final Vertx fakes = Vertx.vertx();
    final FakeTranscriptions stt;
    final FakeChatCompletions llm;
    final FakeSpeechServer tts;
    final GatewayFixture gw;
    final RawTwilioStream twilio;
    final String callId;
    /** The call's {@code /ws/events} messages (errors, tools, transcript), from before the agent started. */
    final List<String> events = new CopyOnWriteArrayList<>();
    private final WebSocketClient eventsClient;
    private int seq = 2;
    private int marksAcked;

    PipelineCall(Path dir, String... extraEnv) {
        stt = FakeTranscriptions.start(fakes, "whisper-1", STT_KEY).await();
        llm = FakeChatCompletions.start(fakes).await();
        tts = FakeSpeechServer.start(fakes, TTS_KEY, "tts-1", "alloy").await();
        List<String> env = new ArrayList<>(List.of("AGENT", "pipeline",
                "STT", "openai", "STT_URL", stt.baseUrl(), "STT_API_KEY", STT_KEY, "STT_MODEL", "whisper-1",
                "LLM", "openai", "LLM_URL", llm.baseUrl(), "LLM_MODEL", "test-model",
                "TTS", "openai", "TTS_URL", tts.baseUrl(), "TTS_API_KEY", TTS_KEY, "TTS_MODEL", "tts-1", "TTS_VOICE", "alloy"));
        env.addAll(Arrays.asList(extraEnv));
        gw = new GatewayFixture(dir, env.toArray(String[]::new));
        // With a Twilio auth token (transfers need one), the gateway checks Twilio's signatures: the call is signed.
        int token = env.indexOf("TWILIO_AUTH_TOKEN");
        Calls.StreamAnswer answer;
        if (token < 0) {
            twilio = new RawTwilioStream(gw.vertx, gw.port());
            answer = Calls.answered(gw, RawTwilioStream.CALL_SID);
        } else {
            String authToken = env.get(token + 1);
            twilio = new RawTwilioStream(gw.vertx, gw.port(), Signing.sign(authToken, "ws://localhost:0/ws/twilio-media", Map.of()));
            answer = Calls.answeredSigned(gw, RawTwilioStream.CALL_SID, authToken);
        }
        callId = answer.callId();
        eventsClient = gw.vertx.createWebSocketClient();
        WebSocket eventsSocket = eventsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gw.port())
                .setURI("/ws/events?callId=" + callId)).await();
        eventsSocket.textMessageHandler(events::add);
        twilio.connected();
        twilio.start(answer);
    }

    /** The caller says {@code text} (real speech, μ-law 8 kHz) and then is silent for {@code silenceMs}. */
    void say(String text, int silenceMs) {
        send(speech(text));
        silence(silenceMs);
    }

    /** {@code text} spoken, as the caller's μ-law 8 kHz audio. */
    static byte[] speech(String text) {
        return SPEECH.computeIfAbsent(text, t -> SpokenAudio.chunk(t, AudioFormat.PCMU_8K).data());
    }

    /** Where speech begins in {@code ulaw}, in ms: the first 20 ms frame clearly louder than silence. */
    static int onsetMillis(byte[] ulaw) {
        for (int off = 0; off + 160 <= ulaw.length; off += 160) {
            long sum = 0;
            for (int i = off; i < off + 160; i++) sum += Math.abs(G711.ulawToLinear(ulaw[i]));
            if (sum / 160 > 300) return off / 8;
        }
        throw new AssertionError("no speech in the clip");
    }

    void silence(int ms) {
        byte[] quiet = new byte[ms * 8];
        Arrays.fill(quiet, (byte) 0xFF);
        send(quiet);
    }

    /** The caller's audio, in 20 ms frames (a partial last frame is left out). */
    void send(byte[] ulaw) {
        for (int off = 0; off + 160 <= ulaw.length; off += 160) {
            twilio.media(seq++, Base64.getEncoder().encodeToString(Arrays.copyOfRange(ulaw, off, off + 160)));
        }
    }

    /** Names of the marks the gateway has sent so far. */
    List<String> marks() {
        return marks(twilio.received);
    }

    /** Names of the marks among a Twilio stream's received messages. */
    static List<String> marks(List<String> received) {
        return received.stream().filter(m -> m.contains("\"event\":\"mark\"")).map(PipelineCall::markName).toList();
    }

    private static String markName(String message) {
        return message.replaceAll(".*\"name\":\"([^\"]+)\".*", "$1");
    }

    private static byte[] payload(String media) {
        return Base64.getDecoder().decode(media.replaceAll(".*\"payload\":\"([^\"]*)\".*", "$1"));
    }

    /** Bytes of agent audio sent to the caller so far. */
    int audioBytes() {
        return agentAudio().length;
    }

    /** All the agent audio sent to the caller so far, μ-law, in order. */
    byte[] agentAudio() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String m : twilio.received) {
            if (m.contains("\"event\":\"media\"")) out.writeBytes(payload(m));
        }
        return out.toByteArray();
    }

    /** Media payloads and marks in the order the gateway sent them: each mark's name with the agent audio before it, in ms. */
    List<Mark> markPositions() {
        List<Mark> out = new ArrayList<>();
        long bytes = 0;
        for (String m : twilio.received) {
            if (m.contains("\"event\":\"media\"")) {
                bytes += payload(m).length;
            } else if (m.contains("\"event\":\"mark\"")) {
                out.add(new Mark(markName(m), bytes / 8));
            }
        }
        return out;
    }

    /** A mark the gateway sent, and how much agent audio (ms, from the call's start) it follows. */
    record Mark(String name, long audioMs) {}

    /** Twilio confirms the marks up to and including {@code last} (in order, from the first not yet confirmed). */
    void hearThrough(Mark last) {
        List<String> marks = marks();
        int upTo = marks.indexOf(last.name());
        for (; marksAcked <= upTo; marksAcked++) twilio.mark(seq++, marks.get(marksAcked));
    }

    /** How many {@code clear} messages the gateway sent. */
    long clears() {
        return twilio.received.stream().filter(m -> m.contains("\"event\":\"clear\"")).count();
    }

    /** The call's record from {@code /api/calls/{id}}. */
    JsonNode record() {
        return gw.get("/api/calls/" + callId).json();
    }

    /** Confirms marks as they come until the gateway closes the stream; returns the record once it shows {@code status}. */
    JsonNode hearUntilEnded(String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            hearAll();
            return twilio.isClosed();
        });
        return Calls.awaitStatus(gw, callId, status);
    }

    /** Changes the call's language through the API. */
    GatewayFixture.Response changeLanguage(String language) {
        return gw.request(HttpMethod.PUT, "/api/calls/" + callId + "/language", "{\"language\":\"" + language + "\"}",
                Map.of("Content-Type", "application/json"));
    }

    /** The {@code error} events published for the call, as "code: message". */
    List<String> errors() {
        List<String> out = new ArrayList<>();
        for (String e : events) {
            JsonNode n;
            try {
                n = CallJson.mapper().readTree(e);
            } catch (IOException bad) {
                throw new AssertionError("an event that is not JSON: " + e, bad);
            }
            if (n.path("type").asText().equals("error")) {
                out.add(n.path("data").path("code").asText() + ": " + n.path("data").path("message").asText());
            }
        }
        return out;
    }

    /** Twilio confirms every mark so far: the caller has heard everything sent. */
    void hearAll() {
        List<String> marks = marks();
        for (; marksAcked < marks.size(); marksAcked++) twilio.mark(seq++, marks.get(marksAcked));
    }

    /** Waits for the agent to have sent audio and at least {@code count} marks, then confirms them all. */
    void hearAtLeast(int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> marks().size() >= count);
        hearAll();
    }

    /** Confirms marks as they come until the transcript has {@code entries} speech entries. */
    void hearUntilSpeech(int entries) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            hearAll();
            return speech().size() >= entries;
        });
    }

    JsonNode transcript() {
        return gw.get("/api/calls/" + callId + "/transcript").json().path("entries");
    }

    /** The texts of the transcript's speech entries, as "speaker: text" (interrupted ones end with " [cut]"). */
    List<String> speech() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : transcript()) {
            if (!e.path("kind").asText().equals("speech")) continue;
            out.add(e.path("speaker").asText() + ": " + e.path("text").asText() + (e.path("interrupted").asBoolean() ? " [cut]" : ""));
        }
        return out;
    }

    /**
     * The conversation of the LLM's request {@code index}, one line a message: "role: content", an
     * assistant's tool calls as " +call id name(arguments)", a tool result as "tool id: content".
     * The system prompt is "system" alone: tests that care read it themselves.
     */
    List<String> conversation(int index) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : llm.served().get(index).body().path("messages")) {
            String role = m.path("role").asText();
            StringBuilder line = new StringBuilder(role);
            if (role.equals("tool")) line.append(' ').append(m.path("tool_call_id").asText());
            if (!role.equals("system") && m.hasNonNull("content")) line.append(": ").append(m.path("content").asText());
            for (JsonNode c : m.path("tool_calls")) {
                line.append(" +call ").append(c.path("id").asText()).append(' ').append(c.path("function").path("name").asText())
                        .append('(').append(c.path("function").path("arguments").asText()).append(')');
            }
            out.add(line.toString());
        }
        return out;
    }

    static FakeSpeechServer.Reply voice(long seed, int millis) {
        return FakeSpeechServer.Reply.pcm(seed).millis(millis);
    }

    @Override
    public void close() {
        eventsClient.close().await();
        twilio.close();
        gw.close();
        stt.close();
        llm.close();
        tts.close();
        fakes.close().await();
    }
}

package dev.callbridge.engine.openai;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One Vert.x for the class, a fresh fake per test, and the session.update shapes the tests send. */
abstract class RealtimeFakeFixture {
    static Vertx vertx;
    FakeRealtimeServer fake;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() {
        vertx.close().await();
    }

    @BeforeEach
    void startFake() {
        fake = FakeRealtimeServer.start(vertx, "sk-test").await();
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    /** Doc §2's telephony example: μ-law both ways, server VAD with the given silence, transcription on. */
    static JsonObject telephonySession(int silenceMs) {
        return new JsonObject().put("type", "realtime").put("instructions", "You are the voice agent of ACME. Be brief.")
                .put("audio", new JsonObject()
                        .put("input", new JsonObject().put("format", new JsonObject().put("type", "audio/pcmu"))
                                .put("transcription", new JsonObject().put("model", "gpt-4o-mini-transcribe").put("language", "en"))
                                .put("turn_detection", new JsonObject().put("type", "server_vad").put("silence_duration_ms", silenceMs)))
                        .put("output", new JsonObject().put("format", new JsonObject().put("type", "audio/pcmu")).put("voice", "marin")))
                .put("tools", new JsonArray().add(new JsonObject().put("type", "function").put("name", "lookup_order")
                        .put("description", "Find an order by its number").put("parameters", new JsonObject().put("type", "object"))));
    }

    static JsonObject update(JsonObject session) {
        return new JsonObject().put("type", "session.update").put("event_id", "evt_client_1").put("session", session);
    }

    /** Connects and configures the telephony session; returns once session.updated has arrived. */
    RealtimeTestClient telephonyClient(int silenceMs) {
        RealtimeTestClient client = RealtimeTestClient.connect(vertx, fake);
        client.nextOf("session.created");
        client.send(update(telephonySession(silenceMs)));
        client.nextOf("session.updated");
        return client;
    }

    /** {@code ms} of μ-law audio (8 bytes per ms), every byte {@code fill}. */
    static byte[] ulaw(int ms, int fill) {
        byte[] b = new byte[ms * 8];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }
}

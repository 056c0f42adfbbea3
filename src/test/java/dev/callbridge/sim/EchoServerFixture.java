package dev.callbridge.sim;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One Vert.x per class, a fresh {@link RealtimeEchoServer} per test (two instances sharing a free port). */
abstract class EchoServerFixture {
    static final String KEY = "sk-test";
    static Vertx vertx;
    RealtimeEchoServer server;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() {
        vertx.close().await();
    }

    @BeforeEach
    void startServer() {
        server = EchoServerClient.within5s(RealtimeEchoServer.start(vertx, new RealtimeEchoServer.Options("127.0.0.1", 0, KEY, 2)));
    }

    @AfterEach
    void stopServer() {
        EchoServerClient.within5s(server.close());
    }

    /** Connected, past session.created. */
    EchoServerClient connected() {
        EchoServerClient client = EchoServerClient.connect(vertx, server, KEY);
        if (!client.next().type().equals("session.created")) throw new AssertionError("session.created must come first");
        return client;
    }

    /** Connected and switched to μ-law both ways, as the realtime agent does for Twilio legs. */
    EchoServerClient connectedInMulaw() {
        EchoServerClient client = connected();
        client.send(update(format("audio/pcmu"), format("audio/pcmu")));
        if (!client.next().type().equals("session.updated")) throw new AssertionError("session.update must be answered");
        return client;
    }

    static JsonObject format(String type) {
        return new JsonObject().put("type", type);
    }

    static JsonObject update(JsonObject inputFormat, JsonObject outputFormat) {
        JsonObject audio = new JsonObject();
        if (inputFormat != null) audio.put("input", new JsonObject().put("format", inputFormat));
        if (outputFormat != null) audio.put("output", new JsonObject().put("format", outputFormat));
        return new JsonObject().put("type", "session.update").put("event_id", "evt_client_1")
                .put("session", new JsonObject().put("type", "realtime").put("audio", audio));
    }
}

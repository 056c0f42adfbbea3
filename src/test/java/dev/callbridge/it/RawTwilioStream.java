package dev.callbridge.it;

import dev.callbridge.call.CallJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Twilio's side of a media stream at the message level, for tests that need to send exactly
 * what they mean, including what Twilio never sends. Messages are written raw. After
 * {@link #withoutOptionalFields()}, {@code media}, {@code dtmf}, {@code mark} and {@code stop}
 * carry only what they need (no {@code sequenceNumber}, {@code track}, {@code chunk},
 * {@code timestamp}, sids), as a gateway must accept them.
 */
public final class RawTwilioStream implements AutoCloseable {
    public static final String STREAM_SID = "MZ00000000000000000000000000000001";
    public static final String CALL_SID = "CA00000000000000000000000000000001";
    static final String ACCOUNT_SID = "AC00000000000000000000000000000001";

    public final WebSocket ws;
    final WebSocketClient client;
    public final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicReference<String> closeReason = new AtomicReference<>();
    final AtomicReference<Short> closeStatus = new AtomicReference<>();
    private volatile boolean requiredOnly;

    public RawTwilioStream(Vertx vertx, int port) {
        this(vertx, port, null);
    }

    /** A stream whose upgrade carries {@code X-Twilio-Signature} (needed when the gateway has a Twilio token). */
    public RawTwilioStream(Vertx vertx, int port, String signature) {
        client = vertx.createWebSocketClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws/twilio-media");
        if (signature != null) options.addHeader("X-Twilio-Signature", signature);
        ws = client.connect(options).await();
        ws.textMessageHandler(received::add);
        ws.closeHandler(v -> {
            closeStatus.set(ws.closeStatusCode());
            closeReason.set(ws.closeReason());
        });
    }

    /** From now on, messages carry only their required fields. */
    public RawTwilioStream withoutOptionalFields() {
        requiredOnly = true;
        return this;
    }

    public void send(String text) {
        ws.writeTextMessage(text).await();
    }

    public void connected() {
        send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
    }

    /** {@code start} as Twilio sends it for {@code answer}: every {@code <Parameter>} of the TwiML echoed. */
    public void start(Calls.StreamAnswer answer) {
        start(answer.parameters());
    }

    /**
     * {@code start} naming only a call id (none when null), as someone would send it who read the id
     * somewhere but never saw the TwiML.
     */
    public void start(String callId) {
        start(callId == null ? Map.of() : Map.of("callId", callId));
    }

    /** {@code start} with exactly these {@code customParameters}. */
    public void start(Map<String, String> customParameters) {
        send(startMessage(STREAM_SID, CALL_SID, customParameters));
    }

    /** The text of a {@code start} message as Twilio sends it, for tests that write their own frames. */
    public static String startMessage(String streamSid, String callSid, Map<String, String> customParameters) {
        String custom;
        try {
            custom = CallJson.mapper().writeValueAsString(customParameters);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"" + ACCOUNT_SID + "\",\"streamSid\":\""
                + streamSid + "\",\"callSid\":\"" + callSid + "\",\"tracks\":[\"inbound\"],\"customParameters\":"
                + custom
                + ",\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}},\"streamSid\":\""
                + streamSid + "\"}";
    }

    public void media(int seq, String base64) {
        send(mediaText(seq, base64));
    }

    /**
     * The same, for a socket the gateway may already have closed (a refused stream closes as soon
     * as its {@code start} is read): false if it had, and nothing was sent.
     */
    public boolean mediaIfOpen(int seq, String base64) {
        return ws.writeTextMessage(mediaText(seq, base64)).map(true).otherwise(false).await();
    }

    private String mediaText(int seq, String base64) {
        if (requiredOnly) return "{\"event\":\"media\",\"media\":{\"payload\":\"" + base64 + "\"}}";
        return "{\"event\":\"media\",\"sequenceNumber\":\"" + seq + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\"" + seq
                + "\",\"timestamp\":\"" + (seq * 20) + "\",\"payload\":\"" + base64 + "\"},\"streamSid\":\"" + STREAM_SID + "\"}";
    }

    public void dtmf(int seq, char digit) {
        if (requiredOnly) {
            send("{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"" + digit + "\"}}");
            return;
        }
        send("{\"event\":\"dtmf\",\"streamSid\":\"" + STREAM_SID + "\",\"sequenceNumber\":\"" + seq
                + "\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"" + digit + "\"}}");
    }

    public void mark(int seq, String name) {
        if (requiredOnly) {
            send("{\"event\":\"mark\",\"mark\":{\"name\":\"" + name + "\"}}");
            return;
        }
        send("{\"event\":\"mark\",\"sequenceNumber\":\"" + seq + "\",\"streamSid\":\"" + STREAM_SID + "\",\"mark\":{\"name\":\"" + name + "\"}}");
    }

    public void stop(int seq, String streamSid) {
        if (requiredOnly) {
            send("{\"event\":\"stop\"}");
            return;
        }
        send("{\"event\":\"stop\",\"sequenceNumber\":\"" + seq + "\",\"stop\":{\"accountSid\":\"" + ACCOUNT_SID
                + "\",\"callSid\":\"" + CALL_SID + "\"},\"streamSid\":\"" + streamSid + "\"}");
    }

    public boolean isClosed() {
        return ws.isClosed();
    }

    @Override
    public void close() {
        if (!ws.isClosed()) ws.close().await();
        client.close().await();
    }
}

package dev.callbridge.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Twilio's side of one answered call's media stream, driven by the test frame by frame: what
 * the party says ({@link #media}, {@link #dtmf}), hanging up ({@link #hangup}), and what the
 * party hears ({@link #heard()}, {@link #marks()}). Made by {@link FakeTwilioApi} once the callee
 * answers and the TwiML's stream has sent {@code connected} and {@code start}.
 *
 * <p>Marks are echoed as Twilio does: once the audio queued before them has played, at real-time
 * speed (8 bytes of μ-law per ms), and all at once on {@code clear}.
 */
public final class TwilioPartyStream {
    public final String callSid;
    public final String streamSid;
    private final WebSocket ws;
    private final Vertx vertx;
    private final Runnable onHungUp;
    private final List<byte[]> heard = new CopyOnWriteArrayList<>();
    private final List<String> marks = new CopyOnWriteArrayList<>();
    /** Everything the gateway sent, as text. */
    public final List<String> received = new CopyOnWriteArrayList<>();
    /** Completes when the socket has closed, whoever closed it, with the close status (null if none was given). */
    public final CompletableFuture<Short> closed = new CompletableFuture<>();
    private final Object lock = new Object();
    private final Deque<Long> pendingMarkTimers = new ArrayDeque<>();
    private final Deque<String> pendingMarks = new ArrayDeque<>();
    private long playedUntilMs;
    private volatile int clears;
    private int sequence = 1; // start was 1
    private int chunk;
    private boolean hungUp;

    TwilioPartyStream(Vertx vertx, WebSocket ws, String callSid, String streamSid, Runnable onHungUp) {
        this.vertx = vertx;
        this.ws = ws;
        this.callSid = callSid;
        this.streamSid = streamSid;
        this.onHungUp = onHungUp;
        ws.textMessageHandler(this::fromGateway);
        ws.closeHandler(v -> {
            closed.complete(ws.closeStatusCode());
            closedByGateway();
        });
    }

    private void fromGateway(String text) {
        received.add(text);
        JsonNode m;
        try {
            m = CallJson.mapper().readTree(text);
        } catch (Exception e) {
            return; // Twilio ignores what it cannot read
        }
        switch (m.path("event").asText()) {
            case "media" -> {
                byte[] audio = Base64.getDecoder().decode(m.path("media").path("payload").asText());
                heard.add(audio);
                synchronized (lock) {
                    playedUntilMs = Math.max(playedUntilMs, System.currentTimeMillis()) + audio.length / 8;
                }
            }
            case "mark" -> markQueued(m.path("mark").path("name").asText());
            case "clear" -> {
                clears++;
                synchronized (lock) {
                    pendingMarkTimers.forEach(vertx::cancelTimer);
                    pendingMarkTimers.clear();
                    while (!pendingMarks.isEmpty()) echoMark(pendingMarks.poll());
                    playedUntilMs = System.currentTimeMillis();
                }
            }
            default -> { }
        }
    }

    private void markQueued(String name) {
        synchronized (lock) {
            long delay = Math.max(1, playedUntilMs - System.currentTimeMillis());
            pendingMarks.add(name);
            pendingMarkTimers.add(vertx.setTimer(delay, t -> {
                synchronized (lock) {
                    pendingMarkTimers.poll();
                    String next = pendingMarks.poll();
                    if (next != null) echoMark(next);
                }
            }));
        }
    }

    private void echoMark(String name) {
        marks.add(name);
        if (ws.isClosed()) return;
        ws.writeTextMessage("{\"event\":\"mark\",\"sequenceNumber\":\"" + nextSequence() + "\",\"streamSid\":\"" + streamSid
                + "\",\"mark\":{\"name\":\"" + name + "\"}}");
    }

    private synchronized int nextSequence() {
        return ++sequence;
    }

    /** One {@code media} message of what the party says: μ-law, any length (20 ms is 160 bytes). */
    public void media(byte[] ulaw) {
        int seq;
        int c;
        synchronized (this) {
            seq = ++sequence;
            c = ++chunk;
        }
        ws.writeTextMessage("{\"event\":\"media\",\"sequenceNumber\":\"" + seq + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\"" + c
                + "\",\"timestamp\":\"" + (20 * (c - 1)) + "\",\"payload\":\"" + Base64.getEncoder().encodeToString(ulaw)
                + "\"},\"streamSid\":\"" + streamSid + "\"}").await();
    }

    /** A 20 ms frame whose bytes are all {@code value}: easy to find again on the other side. */
    public void frame(int value) {
        byte[] f = new byte[160];
        java.util.Arrays.fill(f, (byte) value);
        media(f);
    }

    public void dtmf(char digit) {
        ws.writeTextMessage("{\"event\":\"dtmf\",\"streamSid\":\"" + streamSid + "\",\"sequenceNumber\":\"" + nextSequence()
                + "\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"" + digit + "\"}}").await();
    }

    /** The party hangs up: Twilio sends {@code stop}, closes the socket, and reports {@code completed}. */
    public void hangup() {
        synchronized (this) {
            if (hungUp) return;
            hungUp = true;
        }
        if (!ws.isClosed()) {
            ws.writeTextMessage("{\"event\":\"stop\",\"sequenceNumber\":\"" + nextSequence() + "\",\"stop\":{\"accountSid\":\""
                    + FakeTwilioApi.ACCOUNT_SID + "\",\"callSid\":\"" + callSid + "\"},\"streamSid\":\"" + streamSid + "\"}").await();
            ws.close().await();
        }
        onHungUp.run();
    }

    /** The socket closed without the party hanging up (the gateway ended the call): Twilio then ends the call, reporting {@code completed}. */
    private void closedByGateway() {
        synchronized (this) {
            if (hungUp) return;
            hungUp = true;
        }
        onHungUp.run();
    }

    /** Each {@code media} payload the gateway sent, decoded, in order. */
    public List<byte[]> heard() {
        return List.copyOf(heard);
    }

    /** All the audio heard so far, end to end. */
    public byte[] heardAudio() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        heard.forEach(all::writeBytes);
        return all.toByteArray();
    }

    /** How many heard frames are entirely {@code value} (see {@link #frame}). */
    public long heardFramesOf(int value) {
        return heard.stream().filter(f -> f.length > 0 && allAre(f, (byte) value)).count();
    }

    private static boolean allAre(byte[] f, byte v) {
        for (byte b : f) if (b != v) return false;
        return true;
    }

    /** Names of the marks echoed back so far, in order. */
    public List<String> marks() {
        return List.copyOf(marks);
    }

    public int clears() {
        return clears;
    }

    public boolean isClosed() {
        return ws.isClosed();
    }
}

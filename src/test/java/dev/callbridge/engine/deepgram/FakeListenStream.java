package dev.callbridge.engine.deepgram;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One accepted {@code /v1/listen} stream of {@link FakeDeepgram}, following
 * docs/protocols/deepgram-listen.md message by message: binary frames are audio, text frames are
 * {@code KeepAlive}/{@code Finalize}/{@code CloseStream}; every {@link ListenScript#tickMillis} of
 * audio it answers an interim result a random one to three words further into the current phrase
 * (punctuation and case only in the final, as Deepgram formats finals), then the phrase's final.
 * {@code Finalize} flushes what is left as finals, {@code CloseStream} flushes, sends Metadata and
 * closes with 1000.
 *
 * <p>Adversarial at random: optional fields ({@code is_final: false}, {@code speech_final},
 * {@code from_finalize}, {@code metadata}, {@code words}) present or absent, key order shuffled,
 * empty finals for silence, a flush as one final or several, text messages split over
 * continuation frames. Whatever the client does against the protocol goes to {@link #violations()}.
 */
final class FakeListenStream {
    private static final String NET_0001 = "Deepgram did not receive audio data or a text message within the timeout window. See https://dpgr.am/net0001";

    private final Vertx vertx;
    private final Context context;
    private final ServerWebSocket ws;
    private final HttpConnection connection;
    private final ListenScript script;
    private final Random random;
    private final int bytesPerSecond;
    private final String requestId = UUID.randomUUID().toString();

    private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
    private final List<String> controls = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final Promise<Integer> closed = Promise.promise();

    /** Words of the phrase being heard, and how many of them the interims have reached. */
    private int phrase;
    private int wordsHeard;
    private double segmentStart;
    private long nextTickBytes;
    private boolean closeStreamReceived;
    private boolean ending;
    private long idleTimer = -1;
    private Future<Void> outbox = Future.succeededFuture();

    FakeListenStream(Vertx vertx, ServerWebSocket ws, HttpConnection connection, MultiMap params, ListenScript script, long seed) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.ws = ws;
        this.connection = connection;
        this.script = script;
        this.random = new Random(seed);
        int width = "linear16".equals(params.get("encoding")) ? 2 : 1;
        this.bytesPerSecond = width * Integer.parseInt(params.get("sample_rate"));
        this.nextTickBytes = tickBytes();
    }

    void start() {
        ws.binaryMessageHandler(this::onAudio);
        ws.textMessageHandler(this::onText);
        ws.closeHandler(v -> {
            cancelIdle();
            closed.tryComplete(ws.closeStatusCode() == null ? 1006 : (int) ws.closeStatusCode());
        });
        restartIdle();
        if (script.stopReading) ws.pause();
    }

    /** Exactly the audio bytes received, in order. */
    synchronized byte[] audio() {
        return audio.toByteArray();
    }

    /** The text messages received, e.g. {@code {"type":"Finalize"}}. */
    List<String> controls() {
        return controls;
    }

    List<String> violations() {
        return violations;
    }

    /** Every text message sent to the client, whole. */
    List<String> sent() {
        return sent;
    }

    /** Completes with the close code once the socket is closed, whoever closed it. */
    Future<Integer> closed() {
        return closed.future();
    }

    // ------------------------------------------------------------------ what the client sends

    private void onAudio(Buffer data) {
        restartIdle();
        if (data.length() == 0) violations.add("an empty binary frame (Deepgram reads it as the deprecated close)");
        if (closeStreamReceived) violations.add("audio after CloseStream");
        long total;
        synchronized (this) {
            audio.writeBytes(data.getBytes());
            total = audio.size();
        }
        if (script.dropAfterBytes > 0 && total >= script.dropAfterBytes) {
            dropNow();
            return;
        }
        if (script.closeAfterBytes > 0 && total >= script.closeAfterBytes) {
            if (!ws.isClosed()) ws.close(script.closeCode, script.closeReason);
            return;
        }
        while (total >= nextTickBytes && !ending) {
            tick();
            nextTickBytes += tickBytes();
        }
    }

    private void onText(String text) {
        restartIdle();
        controls.add(text);
        String type;
        try {
            type = new JsonObject(text).getString("type");
        } catch (RuntimeException e) {
            violations.add("a text message that is not JSON: " + text);
            return;
        }
        switch (type == null ? "" : type) {
            case "KeepAlive" -> { }
            case "Finalize" -> {
                if (closeStreamReceived) violations.add("Finalize after CloseStream");
                if (!script.ignoreEnd) later(() -> flush(true));
            }
            case "CloseStream" -> {
                if (closeStreamReceived) violations.add("CloseStream twice");
                closeStreamReceived = true;
                if (script.ignoreEnd) return;
                ending = true;
                later(() -> {
                    flush(false);
                    if (script.metadataBeforeClose) send(metadata());
                    if (!ws.isClosed()) ws.close((short) 1000);
                });
            }
            default -> violations.add("an unknown control message: " + text);
        }
    }

    // ------------------------------------------------------------------ results

    private void tick() {
        if (phrase >= script.phrases.size()) {
            // Silence after the words: now and then an empty final, as Deepgram sends for quiet audio.
            if (random.nextInt(3) == 0) send(results("", true, random.nextBoolean(), null));
            return;
        }
        String[] words = words(phrase);
        if (wordsHeard < words.length) {
            wordsHeard = Math.min(words.length, wordsHeard + 1 + random.nextInt(3));
            String heard = String.join(" ", Arrays.copyOf(words, wordsHeard)).replaceAll("[.,!?;:]", "").toLowerCase();
            send(results(heard, false, false, null));
            if (script.unknownMessages) send(new JsonObject().put("type", "Warning").put("description", "a type this client does not know").encode());
        } else {
            send(results(script.phrases.get(phrase), true, random.nextBoolean(), null));
            nextPhrase();
        }
    }

    /** Everything not yet final, as finals: one per phrase or all in one; the last marked as the Finalize's answer if so scripted. */
    private void flush(boolean forFinalize) {
        List<String> rest = new ArrayList<>(script.phrases.subList(Math.min(phrase, script.phrases.size()), script.phrases.size()));
        phrase = script.phrases.size();
        wordsHeard = 0;
        boolean mark = forFinalize && switch (script.finalizeMark) {
            case ALWAYS -> true;
            case NEVER -> false;
            case RANDOM -> random.nextBoolean();
        };
        if (rest.isEmpty()) {
            if (mark) send(results("", true, false, true));
            return;
        }
        if (random.nextBoolean()) rest = List.of(String.join(" ", rest));
        for (int i = 0; i < rest.size(); i++) {
            boolean last = i == rest.size() - 1;
            send(results(rest.get(i), true, last && random.nextBoolean(), last && mark ? Boolean.TRUE : random.nextInt(4) == 0 ? Boolean.FALSE : null));
        }
    }

    private String results(String transcript, boolean isFinal, boolean speechFinal, Boolean fromFinalize) {
        double now = seconds();
        JsonObject alternative = new JsonObject().put("transcript", transcript).put("confidence", isFinal ? 0.97 : 0.0);
        if (random.nextBoolean()) alternative.put("words", words(transcript, now));
        if (script.detectedLanguage != null && !transcript.isEmpty()) alternative.put("languages", new JsonArray().add(script.detectedLanguage));
        JsonObject r = new JsonObject().put("type", "Results").put("channel_index", new JsonArray().add(0).add(1))
                .put("duration", round(now - segmentStart)).put("start", round(segmentStart))
                .put("channel", new JsonObject().put("alternatives", new JsonArray().add(alternative)));
        if (isFinal || random.nextBoolean()) r.put("is_final", isFinal);
        if (speechFinal) r.put("speech_final", true);
        else if (random.nextBoolean()) r.put("speech_final", false);
        if (fromFinalize != null) r.put("from_finalize", fromFinalize);
        if (random.nextBoolean()) {
            r.put("metadata", new JsonObject().put("request_id", requestId).put("model_uuid", "1dbdfb4d-85b2-4659-9e3e-4a5e1e6d3c2a")
                    .put("model_info", new JsonObject().put("name", "general-nova-3").put("version", "2025-01-01.0").put("arch", "nova-3")));
        }
        if (isFinal) segmentStart = now;
        return shuffled(r).encode();
    }

    private JsonArray words(String transcript, double end) {
        JsonArray words = new JsonArray();
        String[] split = transcript.isBlank() ? new String[0] : transcript.split(" ");
        double step = split.length == 0 ? 0 : (end - segmentStart) / split.length;
        for (int i = 0; i < split.length; i++) {
            words.add(new JsonObject().put("word", split[i].replaceAll("[.,!?;:]", "").toLowerCase())
                    .put("start", round(segmentStart + i * step)).put("end", round(segmentStart + (i + 1) * step))
                    .put("confidence", 0.9).put("punctuated_word", split[i]));
        }
        return words;
    }

    private String metadata() {
        JsonObject m = new JsonObject().put("type", "Metadata").put("transaction_key", "deprecated").put("request_id", requestId)
                .put("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
                .put("created", Instant.now().toString()).put("duration", round(seconds())).put("channels", 1);
        if (random.nextBoolean()) m.put("models", new JsonArray().add("1dbdfb4d-85b2-4659-9e3e-4a5e1e6d3c2a"));
        return shuffled(m).encode();
    }

    private JsonObject shuffled(JsonObject o) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        o.forEach(entries::add);
        Collections.shuffle(entries, random);
        JsonObject s = new JsonObject();
        entries.forEach(e -> s.put(e.getKey(), e.getValue()));
        return s;
    }

    // ------------------------------------------------------------------ the wire

    /** One text message, whole or split over continuation frames at ASCII bytes. */
    private void send(String text) {
        if (ws.isClosed()) return;
        sent.add(text);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int parts = 1 + random.nextInt(3);
        List<Integer> cuts = new ArrayList<>();
        for (int i = 1; i < parts; i++) {
            int at = 1 + random.nextInt(bytes.length - 1);
            if (bytes[at] >= 0 && !cuts.contains(at)) cuts.add(at);
        }
        Collections.sort(cuts);
        if (cuts.isEmpty()) {
            ws.writeTextMessage(text);
            return;
        }
        int from = 0;
        for (int i = 0; i <= cuts.size(); i++) {
            int to = i < cuts.size() ? cuts.get(i) : bytes.length;
            Buffer part = Buffer.buffer(Arrays.copyOfRange(bytes, from, to));
            boolean fin = i == cuts.size();
            ws.writeFrame(i == 0 ? WebSocketFrame.textFrame(part.toString(StandardCharsets.UTF_8), false) : WebSocketFrame.continuationFrame(part, fin));
            from = to;
        }
    }

    /** Runs after {@link ListenScript#flushDelayMillis}, in order with earlier such work. */
    private void later(Runnable action) {
        outbox = outbox.compose(v -> {
            Promise<Void> done = Promise.promise();
            Runnable run = () -> {
                action.run();
                done.complete();
            };
            if (script.flushDelayMillis > 0) vertx.setTimer(script.flushDelayMillis, id -> run.run());
            else context.runOnContext(x -> run.run());
            return done.future();
        });
    }

    /** Ends the TCP connection without a close frame, as a network failure would (the client sees 1006). */
    void drop() {
        context.runOnContext(v -> dropNow());
    }

    private void dropNow() {
        // HttpConnection.close() would send a close frame first; an RST on the raw channel is what a crash looks like.
        io.netty.channel.Channel channel = ((io.vertx.core.net.impl.ConnectionBase) connection).channel();
        channel.config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0);
        channel.unsafe().close(channel.voidPromise());
    }

    /** Sends a raw text message now, for tests that script the exact bytes. */
    void sendRaw(String text) {
        context.runOnContext(v -> send(text));
    }

    private void restartIdle() {
        cancelIdle();
        idleTimer = vertx.setTimer(script.idleTimeoutMillis, id -> {
            idleTimer = -1;
            if (!ws.isClosed()) ws.close((short) 1011, NET_0001);
        });
    }

    private void cancelIdle() {
        if (idleTimer >= 0) vertx.cancelTimer(idleTimer);
        idleTimer = -1;
    }

    private void nextPhrase() {
        phrase++;
        wordsHeard = 0;
    }

    private String[] words(int index) {
        return script.phrases.get(index).split(" ");
    }

    private long tickBytes() {
        return (long) bytesPerSecond * script.tickMillis / 1000;
    }

    private double seconds() {
        synchronized (this) {
            return (double) audio.size() / bytesPerSecond;
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}

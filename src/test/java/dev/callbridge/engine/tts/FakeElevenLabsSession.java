package dev.callbridge.engine.tts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.tts.FakeElevenLabs.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * One {@code stream-input} socket on {@link FakeElevenLabs}: reads the client's messages in
 * order and plays the connection's {@link Reply}. Everything runs on the socket's event loop.
 */
final class FakeElevenLabsSession {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final ServerWebSocket ws;
    private final HttpConnection connection;
    private final FakeElevenLabs.Served served;
    private final Reply reply;
    private final AudioFormat format;
    private final Random random;
    /** 0: no {@code isFinal} on audio messages; 1: {@code null}; 2: {@code false}. */
    private final int isFinalStyle;
    /** 0: no alignments; 1: both {@code null}; 2: both objects. */
    private final int alignmentStyle;
    private final String durationsField;
    /** 0: {"isFinal":true}; 1: with "audio":null; 2: with "audio":""; 3: carrying the last piece; 4: no final message, a bare close. */
    private final int endStyle;
    private boolean begun;
    private JsonNode voiceSettings;
    private boolean inputEnded;
    private boolean playing;
    private boolean scriptDone;
    private boolean over;
    private int samplesWritten;
    private byte[] heldPiece;

    FakeElevenLabsSession(Vertx vertx, ServerWebSocket ws, HttpConnection connection, FakeElevenLabs.Served served, Reply reply, AudioFormat format) {
        this.vertx = vertx;
        this.ws = ws;
        this.connection = connection;
        this.served = served;
        this.reply = reply;
        this.format = format;
        this.random = new Random(reply.seed);
        this.isFinalStyle = random.nextInt(3);
        this.alignmentStyle = random.nextInt(3);
        this.durationsField = random.nextBoolean() ? "charsDurationsMs" : "charDurationsMs";
        this.endStyle = random.nextInt(5);
        served.dress = "isFinal " + List.of("absent", "null", "false").get(isFinalStyle) + " on audio, alignments "
                + List.of("absent", "null", "present (" + durationsField + ")").get(alignmentStyle) + ", ends with "
                + List.of("{isFinal:true}", "{audio:null,isFinal:true}", "{audio:\"\",isFinal:true}", "the last audio in the final message",
                        "a bare 1000 close").get(endStyle);
    }

    void listen() {
        ws.textMessageHandler(this::onMessage);
        ws.binaryMessageHandler(b -> violation("this endpoint takes JSON text messages"));
    }

    private void onMessage(String text) {
        if (over) return;
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (Exception e) {
            violation("Invalid JSON");
            return;
        }
        if (json == null || !json.isObject()) {
            violation("Invalid message: expected a JSON object");
            return;
        }
        served.received.add(json);
        JsonNode textNode = json.get("text");
        if (textNode == null || !textNode.isTextual()) {
            violation("text field is required");
            return;
        }
        String t = textNode.asText();
        if (!begun) {
            if (!t.equals(" ")) {
                violation("The first message must have the text set to a single space");
                return;
            }
            begun = true;
            voiceSettings = json.get("voice_settings");
            return;
        }
        if (json.has("voice_settings") && !Objects.equals(json.get("voice_settings"), voiceSettings)) {
            violation("voice_settings field must be provided in the first message and then either be not provided or not change.");
            return;
        }
        if (inputEnded) {
            violation("text received after the end of input");
            return;
        }
        if (t.isEmpty()) {
            inputEnded = true;
            if (!playing) play();
            else if (scriptDone) finish();
            return;
        }
        if (!t.endsWith(" ")) {
            violation("text must end with a single space");
            return;
        }
        JsonNode flush = json.get("flush");
        if (flush != null && flush.asBoolean() && !playing) play();
    }

    private void violation(String message) {
        over = true;
        FakeElevenLabs.fail(ws, "invalid_request", message);
    }

    private void play() {
        playing = true;
        run(reply.steps.iterator());
    }

    private void run(Iterator<Reply.Step> script) {
        if (over || ws.isClosed()) return;
        if (!script.hasNext()) {
            scriptDone = true;
            if (inputEnded) finish();
            return;
        }
        Reply.Step step = script.next();
        if (!(step instanceof Reply.Audio)) sendHeld();
        switch (step) {
            case Reply.Audio a -> {
                int samples = format.sampleRate() * a.ms() / 1000;
                byte[] audio = FakeElevenLabs.tone(format, reply.hz, samplesWritten, samples);
                samplesWritten += samples;
                sendPieces(audio, 0, () -> run(script));
            }
            case Reply.Pause p -> vertx.setTimer(p.ms(), id -> run(script));
            case Reply.Stall s -> { }
            case Reply.Drop d -> drop();
            case Reply.Error e -> {
                over = true;
                ws.writeTextMessage(FakeElevenLabs.errorMessage(e.error(), e.message(), e.code()))
                        .onComplete(v -> ws.close((short) e.code(), e.message()));
            }
            case Reply.Raw r -> {
                ws.writeTextMessage(r.text());
                run(script);
            }
            case Reply.Close c -> {
                over = true;
                ws.close((short) c.code(), c.reason());
            }
        }
    }

    /** Cuts {@code audio} into messages of random size, odd counts included, each sent at once, next tick or 1 ms later. */
    private void sendPieces(byte[] audio, int from, Runnable then) {
        if (over || ws.isClosed()) return;
        if (from >= audio.length) {
            then.run();
            return;
        }
        int n = Math.min(audio.length - from, 1 + random.nextInt(random.nextBoolean() ? 9 : 4801));
        byte[] piece = Arrays.copyOfRange(audio, from, from + n);
        if (endStyle == 3) {
            sendHeld();
            heldPiece = piece; // the last one travels in the final message
        } else {
            sendAudio(piece, false);
        }
        int next = from + n;
        switch (random.nextInt(3)) {
            case 0 -> sendPieces(audio, next, then);
            case 1 -> vertx.runOnContext(v -> sendPieces(audio, next, then));
            default -> vertx.setTimer(1, id -> sendPieces(audio, next, then));
        }
    }

    private void sendHeld() {
        if (heldPiece == null) return;
        sendAudio(heldPiece, false);
        heldPiece = null;
    }

    private void sendAudio(byte[] piece, boolean last) {
        served.sent(piece);
        ObjectNode m = JSON.createObjectNode();
        boolean audioFirst = random.nextBoolean();
        if (audioFirst) m.put("audio", FakeElevenLabs.base64(piece));
        if (last) m.put("isFinal", true);
        else if (isFinalStyle == 1) m.putNull("isFinal");
        else if (isFinalStyle == 2) m.put("isFinal", false);
        if (alignmentStyle == 1) {
            m.putNull("normalizedAlignment");
            m.putNull("alignment");
        } else if (alignmentStyle == 2) {
            m.set("normalizedAlignment", alignment(1 + random.nextInt(6)));
            m.set("alignment", alignment(1 + random.nextInt(6)));
        }
        if (!audioFirst) m.put("audio", FakeElevenLabs.base64(piece));
        ws.writeTextMessage(m.toString());
    }

    private ObjectNode alignment(int chars) {
        ObjectNode a = JSON.createObjectNode();
        ArrayNode letters = a.putArray("chars");
        ArrayNode starts = a.putArray("charStartTimesMs");
        ArrayNode durations = a.putArray(durationsField);
        for (int i = 0; i < chars; i++) {
            letters.add(String.valueOf((char) ('a' + random.nextInt(26))));
            starts.add(i * 60);
            durations.add(60);
        }
        return a;
    }

    /** The input ended and every step played: the final message as the seed dresses it, then a normal close. */
    private void finish() {
        if (over) return;
        over = true;
        if (endStyle == 3 && heldPiece != null) {
            sendAudio(heldPiece, true);
        } else if (endStyle != 4) {
            ObjectNode m = JSON.createObjectNode();
            if (endStyle == 1) m.putNull("audio");
            if (endStyle == 2) m.put("audio", "");
            m.put("isFinal", true);
            ws.writeTextMessage(m.toString());
        }
        served.finishedNow();
        vertx.runOnContext(v -> ws.close((short) 1000));
    }

    /** Ends the TCP connection without a close frame, as a network failure would (the client sees 1006). */
    private void drop() {
        over = true;
        // Vert.x internal API, tolerated in test code: HttpConnection.close() would send a close frame first.
        io.netty.channel.Channel channel = ((io.vertx.core.net.impl.ConnectionBase) connection).channel();
        channel.config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0);
        channel.unsafe().close(channel.voidPromise());
    }
}

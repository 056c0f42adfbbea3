package dev.callbridge;

import dev.callbridge.engine.openai.RealtimeClientEvent;
import dev.callbridge.engine.openai.RealtimeCodec;
import dev.callbridge.engine.openai.RealtimeServerEvent;
import dev.callbridge.twilio.TwilioMediaCodec;
import dev.callbridge.twilio.TwilioMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Runs synthetic 20 ms frames through the per-frame codecs before the gateway takes calls, so the
 * JIT has compiled them by the first caller's first frame: a Twilio media message decoded and a
 * reply encoded, a Realtime append encoded and an audio delta decoded, each as a call does it.
 * Bounded by a frame count and a time budget, whichever ends first; it touches no socket, no
 * store and no shared state, so it can run beside the store's start-up on another thread.
 */
final class MediaWarmUp {
    /** Enough invocations for the JIT's top tier (about 10 000 calls of a method). */
    static final int FRAMES = 20_000;
    static final long BUDGET_MS = 1_000;

    private MediaWarmUp() {}

    /**
     * Distinct frames the loop cycles through: enough variety that the JIT sees payloads, sequence
     * numbers and timestamps change as on a call, built once so the loop's time and allocation go
     * to the codecs and not to writing its own input.
     */
    static final int DISTINCT_FRAMES = 64;

    /** @return how many frames went through before the budget ran out */
    static int run(int frames, long budgetMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMs);
        TwilioMediaCodec twilio = new TwilioMediaCodec();
        RealtimeCodec realtime = new RealtimeCodec();
        int distinct = Math.max(1, Math.min(frames, DISTINCT_FRAMES));
        byte[][] inboundBytes = new byte[distinct][];
        String[] deltas = new String[distinct];
        byte[] frame = new byte[160];
        for (int i = 0; i < distinct; i++) {
            frame[i % frame.length] = (byte) i;
            String base64 = Base64.getEncoder().encodeToString(frame);
            String inbound = "{\"event\":\"media\",\"sequenceNumber\":\"" + (i + 2) + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\""
                    + (i + 1) + "\",\"timestamp\":\"" + i * 20 + "\",\"payload\":\"" + base64 + "\"},\"streamSid\":\"MZwarmup\"}";
            inboundBytes[i] = inbound.getBytes(StandardCharsets.UTF_8);
            deltas[i] = "{\"type\":\"response.output_audio.delta\",\"event_id\":\"event_" + i
                    + "\",\"response_id\":\"resp_w\",\"item_id\":\"item_w\",\"output_index\":0,\"content_index\":0,\"delta\":\""
                    + base64 + "\"}";
        }
        long sink = 0;
        int n = 0;
        for (; n < frames && (n % 256 != 0 || System.nanoTime() < deadline); n++) {
            int i = n % distinct;
            // As the media socket does: from the frame's bytes (TextMessageAssembler), never a String.
            TwilioMessage message = twilio.decodeFromTwilio(inboundBytes[i], 0, inboundBytes[i].length);
            byte[] payload = ((TwilioMessage.Media) message).payload();
            sink += twilio.encode(new TwilioMessage.OutMedia("MZwarmup", payload)).length;
            if (n % 5 == 0) sink += twilio.encode(new TwilioMessage.OutMark("MZwarmup", "m" + n)).length;
            sink += realtime.encode(RealtimeClientEvent.InputAudioAppend.ofBytes(payload)).length();
            RealtimeServerEvent delta = realtime.decode(deltas[i]);
            sink += ((RealtimeServerEvent.OutputAudioDelta) delta).decodeAudio().length;
        }
        if (sink == 42) System.out.print(""); // keeps the work observable, so none of it is optimised away
        return n;
    }
}

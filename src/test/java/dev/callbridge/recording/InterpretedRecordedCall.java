package dev.callbridge.recording;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.audio.G711;
import dev.callbridge.call.Call;
import dev.callbridge.it.InterpretedCallRig;
import dev.callbridge.it.PartyRelayAgent;
import dev.callbridge.it.RawTwilioStream;
import dev.callbridge.it.TwilioCallee;
import dev.callbridge.it.TwilioPartyStream;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * An interpreted call recorded through the real gateway ({@code RECORDING=on} in the rig), both
 * parties on Twilio, with the relay agent between them: A speaks alone first (B not dialled yet,
 * so nobody hears it), B is dialled {@link #B_DIALLED_AFTER_MS} later and answers, A says a
 * phrase that the relay plays to B, B says one that it plays to A, and A hangs up. Each party's
 * phrase is a tone of its own, every frame different, so a frame found in a file says who said it.
 */
record InterpretedRecordedCall(String callId, List<byte[]> aAlone, List<byte[]> aToB, List<byte[]> bToA) {
    static final int FRAMES = 25;
    /** Long enough after t = 0 that B's file starting at B's join instead of at t = 0 could not pass for jitter. */
    static final long B_DIALLED_AFTER_MS = 1200;

    /** Runs the call to its end on {@code rig} (whose relay must {@link PartyRelayAgent.Factory#dialOnDemand dial on demand}). */
    static InterpretedRecordedCall run(InterpretedCallRig rig, Map<String, String> auth) throws InterruptedException {
        rig.twilio.callee(InterpretedCallRig.B, TwilioCallee.answers());
        Call call = rig.interpretedCall();
        List<byte[]> aAlone = tone(0.05, 6000, 10);
        List<byte[]> aToB = tone(0.3, 8000, FRAMES);
        List<byte[]> bToA = tone(0.11, 5000, FRAMES);
        try (RawTwilioStream a = rig.streamA(call)) {
            PartyRelayAgent agent = rig.relay.awaitOne();
            int seq = 2;
            for (byte[] f : aAlone) {
                a.media(seq++, Base64.getEncoder().encodeToString(f));
                Thread.sleep(20);
            }
            Thread.sleep(B_DIALLED_AFTER_MS - aAlone.size() * 20L);
            agent.dial();
            TwilioPartyStream b = rig.twilio.answered(InterpretedCallRig.B);
            agent.awaitB(Duration.ofSeconds(10));

            for (byte[] f : aToB) {
                a.media(seq++, Base64.getEncoder().encodeToString(f));
                Thread.sleep(20);
            }
            byte[] lastToB = aToB.get(FRAMES - 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> indexOf(b.heardAudio(), lastToB) >= 0);
            for (byte[] f : bToA) {
                b.media(f);
                Thread.sleep(20);
            }
            String lastToA = Base64.getEncoder().encodeToString(bToA.get(FRAMES - 1));
            await().atMost(Duration.ofSeconds(5)).until(() -> a.received.stream().anyMatch(m -> m.contains(lastToA)));
            Thread.sleep(200);
            a.stop(seq, RawTwilioStream.STREAM_SID);
        }
        String id = call.id();
        await().atMost(Duration.ofSeconds(15)).until(() -> recording(rig, id, auth).has("partyB"));
        return new InterpretedRecordedCall(id, aAlone, aToB, bToA);
    }

    /** The call's {@code recording} as {@code GET /api/calls/{id}} has it. */
    static JsonNode recording(InterpretedCallRig rig, String callId, Map<String, String> auth) {
        return rig.gw.request(HttpMethod.GET, "/api/calls/" + callId, null, auth).json().path("recording");
    }

    /** {@code GET} of one of the call's recordings ({@code query} such as {@code "?party=b"}, or empty), whole: status and body. */
    static Map.Entry<Integer, byte[]> download(InterpretedCallRig rig, String callId, String query, Map<String, String> auth) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(rig.gw.base() + "/api/calls/" + callId + "/recording" + query);
        auth.forEach(options::putHeader);
        return rig.gw.http.request(options)
                .compose(r -> r.send().compose(resp -> resp.body().map(body -> Map.entry(resp.statusCode(), body.getBytes()))))
                .await();
    }

    /** {@code frames} 20 ms μ-law frames of a sine of {@code step} radians a sample: no two frames alike. */
    static List<byte[]> tone(double step, int amplitude, int frames) {
        List<byte[]> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            byte[] frame = new byte[160];
            for (int i = 0; i < 160; i++) frame[i] = G711.linearToUlaw((short) (amplitude * Math.sin((f * 160 + i) * step)));
            out.add(frame);
        }
        return out;
    }

    /** Where {@code frame}, decoded as the recording decodes it, is in {@code channel} (from {@code from}), or -1. */
    static int find(short[] channel, byte[] frame, int from) {
        return RecordedWav.indexOf(channel, RecordedWav.decodeUlaw(frame, 0, frame.length), from);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}

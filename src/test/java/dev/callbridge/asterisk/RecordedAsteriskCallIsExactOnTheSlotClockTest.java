package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Transcoder;
import dev.callbridge.it.Calls;
import dev.callbridge.recording.RecordedWav;
import dev.callbridge.recording.Recordings;
import dev.callbridge.sim.CallerAudio;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Asterisk call to the echo agent, recorded: the caller's speech goes in as RTP through the
 * fakes, and the WAV holds it on the left, sample for sample, and on the right exactly the
 * packets the gateway sent back, sample for sample. RTP playout is exact (a packet is played
 * when it leaves on the 20 ms clock), so every echo sits the same distance from its original:
 * one slot, less how late the slot's tick ran when the frame came in.
 */
class RecordedAsteriskCallIsExactOnTheSlotClockTest {
    private static final int FRAMES = 100;

    @TempDir
    Path dir;

    @Test
    void ulawCallIsRecordedAt8kHzWithEachEchoOneSlotLater() throws Exception {
        byte[] speech = java.util.Arrays.copyOf(CallerAudio.load(null), FRAMES * 160);
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir, "RECORDING", "on")) {
            RecordedWav wav = callAndRecord(rig, speech, 160, false);
            assertThat(wav.sampleRate()).isEqualTo(8000);
            assertBothSidesExact(wav, RecordedWav.decodeUlaw(speech, 0, speech.length), playedBack(rig, false), 160);
        }
    }

    @Test
    void slin16CallIsRecordedAt16kHz() throws Exception {
        byte[] ulaw = java.util.Arrays.copyOf(CallerAudio.load(null), FRAMES * 160);
        byte[] speech = new Transcoder(AudioFormat.PCMU_8K, AudioFormat.L16_16K).convert(ulaw);
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir, "RECORDING", "on", "RTP_FORMAT", "slin16")) {
            RecordedWav wav = callAndRecord(rig, speech, 640, true);
            assertThat(wav.sampleRate()).isEqualTo(16000);
            assertBothSidesExact(wav, littleEndianSamples(speech), playedBack(rig, true), 320);
        }
    }

    /** One call: the frames sent on a 20 ms pace, echoes awaited, the caller hangs up; returns the recording. */
    private static RecordedWav callAndRecord(AsteriskGatewayRig rig, byte[] speech, int frameBytes, boolean slin16) throws Exception {
        String caller = rig.ari.incomingCall("+15551230000", "100");
        int port = rig.gatewayRtpPort(caller);
        String id = rig.call(caller).path("id").asText();
        long start = System.nanoTime();
        for (int i = 0; i < FRAMES; i++) {
            byte[] frame = java.util.Arrays.copyOfRange(speech, i * frameBytes, (i + 1) * frameBytes);
            if (slin16) rig.rtp.sendSlin16(frame, port);
            else rig.rtp.sendFrame(frame, port);
            long due = start + (i + 1) * 20_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        await().until(() -> rig.rtp.received().size() >= FRAMES - 5);
        Thread.sleep(200);
        rig.ari.callerHangsUp(caller);
        Calls.awaitStatus(rig.gw, id, "completed");
        JsonNode recording = Recordings.awaitRecording(rig.gw, id);
        assertThat(recording.path("complete").asBoolean()).as("%s", recording).isTrue();
        byte[] file = Recordings.download(rig.gw, id);
        assertThat(recording.path("bytes").asLong()).isEqualTo(file.length);
        return RecordedWav.parse(file);
    }

    /**
     * What the gateway sent back, each packet at its RTP timestamp (the slot it left in), silence in
     * slots without one: exactly what the caller heard, on the sender's clock.
     */
    private static short[] playedBack(AsteriskGatewayRig rig, boolean slin16) {
        List<AsteriskRtpPeer.Received> packets = new ArrayList<>(rig.rtp.received());
        packets.sort(Comparator.comparingLong(r -> r.packet().timestamp()));
        long first = packets.getFirst().packet().timestamp();
        AsteriskRtpPeer.Received last = packets.getLast();
        int samples = (int) (last.packet().timestamp() - first) + last.packet().payload().length / (slin16 ? 2 : 1);
        short[] out = new short[samples];
        for (AsteriskRtpPeer.Received r : packets) {
            byte[] p = r.packet().payload();
            short[] s = slin16 ? bigEndianSamples(p) : RecordedWav.decodeUlaw(p, 0, p.length);
            System.arraycopy(s, 0, out, (int) (r.packet().timestamp() - first), s.length);
        }
        return out;
    }

    private static void assertBothSidesExact(RecordedWav wav, short[] said, short[] played, int frameSamples) {
        // Right: exactly the packets sent back, each where its slot was.
        int rightAt = RecordedWav.indexOf(wav.right(), played, 0);
        assertThat(rightAt).as("the packets sent back, each at its slot, on the right").isGreaterThanOrEqualTo(0);
        assertThat(RecordedWav.silent(wav.right(), 0, rightAt)).isTrue();
        // Left: every frame the caller sent, sample for sample, in order. (A packet late past the jitter buffer is
        // concealed there, and that concealment is what was received; on a loaded machine a few may not arrive in
        // time at all, and are then in neither channel.) Each echo is the frame one slot later: the same offset for
        // every frame, since the echo and its original are both on the session's 20 ms clock.
        List<Integer> offsets = new ArrayList<>();
        int inLeft = 0;
        int inRight = rightAt;
        int found = 0;
        int missing = 0;
        for (int k = 0; k + frameSamples <= said.length; k += frameSamples) {
            short[] frame = java.util.Arrays.copyOfRange(said, k, k + frameSamples);
            if (RecordedWav.silent(frame, 0, frameSamples)) continue;
            int l = RecordedWav.indexOf(wav.left(), frame, inLeft);
            if (l < 0) {
                // Never received (lost on the way in, or dropped by the jitter buffer as too late): then never echoed either.
                assertThat(RecordedWav.indexOf(wav.right(), frame, inRight)).as("echo of a frame never received, at %d", k).isNegative();
                missing++;
                continue;
            }
            int r = RecordedWav.indexOf(wav.right(), frame, inRight);
            assertThat(r).as("echo of the frame at sample %d, on the right", k).isGreaterThanOrEqualTo(0);
            offsets.add(r - l);
            inLeft = l + frameSamples;
            inRight = r + frameSamples;
            found++;
        }
        assertThat(missing).as("frames not received, of %d", found + missing).isLessThanOrEqualTo((found + missing) / 10);
        assertThat(offsets).as("every echo the same distance after its original").containsOnly(offsets.getFirst());
        assertThat(offsets.getFirst()).as("one 20 ms slot, less the tick's lateness").isBetween(frameSamples * 3 / 4, frameSamples);
    }

    private static short[] littleEndianSamples(byte[] pcm) {
        short[] s = new short[pcm.length / 2];
        for (int i = 0; i < s.length; i++) s[i] = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
        return s;
    }

    private static short[] bigEndianSamples(byte[] pcm) {
        short[] s = new short[pcm.length / 2];
        for (int i = 0; i < s.length; i++) s[i] = (short) ((pcm[2 * i + 1] & 0xFF) | (pcm[2 * i] << 8));
        return s;
    }
}

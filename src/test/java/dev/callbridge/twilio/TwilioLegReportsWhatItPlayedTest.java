package dev.callbridge.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.PlayoutTap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tapped Twilio leg tells the recording what it played and when, by its model of Twilio's
 * buffer: media sent together plays back to back from the first send, in-band DTMF is played
 * audio too, and a clear cuts at the moment it is sent. Untapped, it reports nothing.
 */
class TwilioLegReportsWhatItPlayedTest {
    private record Played(int firstByte, int bytes, long startNanos) {}

    private final List<Object> reports = new ArrayList<>();
    private final StreamTransport transport = new StreamTransport() {
        public boolean send(TwilioMessage m) { return true; }
        public void close(int code, String reason) { }
        public Runnable schedule(long delayMs, Runnable task) { return () -> { }; }
    };
    private final MediaStreamMetrics metrics = new MediaStreamMetrics() {
        public void frameIn() { }
        public void frameOut() { }
        public void frameDropped(String reason) { }
        public void protocolError(MediaProtocolError kind) { }
        public void peerCutOff(String reason) { }
    };
    private final TwilioMediaStream stream = new TwilioMediaStream(transport, metrics, s -> { }, 5000, TwilioMediaStream.CallRedirect.UNAVAILABLE);
    private final PlayoutTap tap = new PlayoutTap() {
        public void played(byte[] audio, long startNanos) { reports.add(new Played(audio[0] & 0xFF, audio.length, startNanos)); }
        public void cut(long atNanos) { reports.add(atNanos); }
    };

    private void started() {
        stream.onMessage(new TwilioMessage.Start(1, "MZ1", "AC1", "CA1", List.of("inbound"), Map.of(), "audio/x-mulaw", 8000, 1));
    }

    private static AudioChunk chunk(int fill, int bytes) {
        byte[] b = new byte[bytes];
        java.util.Arrays.fill(b, (byte) fill);
        return new AudioChunk(AudioFormat.PCMU_8K, b);
    }

    @Test
    void audioSentTogetherPlaysBackToBackAndAClearCutsWhenSent() {
        started();
        stream.tapPlayout(tap);
        long before = System.nanoTime();
        stream.play(chunk(1, 1600), "a"); // 200 ms
        stream.play(chunk(2, 160), null);
        stream.sendDtmf("5");
        long clearedAfter = System.nanoTime();
        stream.clear();
        long clearedBefore = System.nanoTime();

        Played first = (Played) reports.get(0);
        Played second = (Played) reports.get(1);
        assertThat(first.startNanos()).isBetween(before, clearedAfter);
        assertThat(second.firstByte()).isEqualTo(2);
        assertThat(second.startNanos()).as("after the 200 ms before it").isEqualTo(first.startNanos() + 200_000_000L);
        Played tone = (Played) reports.get(2);
        assertThat(tone.startNanos()).as("DTMF tones queue behind the audio").isEqualTo(second.startNanos() + 20_000_000L);
        Object cut = reports.getLast();
        assertThat(cut).isInstanceOf(Long.class);
        assertThat((Long) cut).isBetween(clearedAfter, clearedBefore);

        // After the clear the buffer is empty: the next audio plays when it is sent, not after what was dropped.
        long resent = System.nanoTime();
        stream.play(chunk(3, 160), null);
        Played after = (Played) reports.getLast();
        assertThat(after.startNanos()).isBetween(resent, System.nanoTime());
    }

    @Test
    void anUntappedLegReportsNothing() {
        started();
        stream.play(chunk(1, 160), null);
        stream.clear();
        stream.tapPlayout(tap);
        stream.tapPlayout(null);
        stream.play(chunk(2, 160), null);
        assertThat(reports).isEmpty();
    }
}

package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Pcm16;
import dev.callbridge.call.CallAudioTap;
import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.Provider;
import dev.callbridge.call.Recording;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Party B's recording joins the call's timeline wherever B joined, even longer after t = 0 than
 * the writer ever holds ahead (here 330 s, past its 300 s): B's file starts with that much
 * silence, B's first frames land where they arrived and the recording stays complete, not
 * {@code queue-full}. B's file is at B's own rate (an Asterisk {@code slin16} leg beside a
 * μ-law A), and closing the call's tap ends both files with one {@code call.recording} event.
 */
class PartyBJoiningLateIsRecordedInPlaceAtItsOwnRateTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void bsFileHasSilenceUpToTheJoinThenBWhereTheyArrivedAtSixteenKilohertz() throws Exception {
        List<CallEvent> published = new CopyOnWriteArrayList<>();
        RecordingWriter writer = new RecordingWriter(new RecordingFiles(dir), RecordingWriter.Settings.defaults(true),
                published::add, Clock.systemUTC()).start();
        CallRecord call = new CallRecord("c_late", Provider.TWILIO, null, Direction.INBOUND, "+1", "+2", CallStatus.IN_PROGRESS,
                "interpreter", "en", Instant.now(), Instant.now(), null, null, null, Map.of());
        long t0 = System.nanoTime() - 330 * S; // the call began 330 s ago
        CallAudioTap tap = writer.open(call, null, AudioFormat.PCMU_8K, t0);

        CallAudioTap b = tap.party(AudioFormat.L16_16K);
        long joined = System.nanoTime();
        short[] said = new short[320]; // 20 ms at 16 kHz
        short[] heard = new short[320];
        for (int i = 0; i < 320; i++) {
            said[i] = (short) (3000 + i);
            heard[i] = (short) (-3000 - i);
        }
        b.received(Pcm16.fromShorts(said), joined);
        b.played(Pcm16.fromShorts(heard), joined + S / 10);
        Thread.sleep(300);
        tap.close();
        writer.close(Duration.ofSeconds(10));

        assertThat(published).hasSize(1);
        Recording r = ((CallEvent.RecordingChanged) published.getFirst()).recording();
        assertThat(r.partyB()).as("%s", r).isNotNull();
        assertThat(r.partyB().complete()).as("%s", r.partyB()).isTrue();
        assertThat(Files.exists(dir.resolve("c_late.wav.part"))).isFalse();
        assertThat(Files.exists(dir.resolve("c_late.b.wav.part"))).isFalse();

        RecordedWav wavB = RecordedWav.parse(Files.readAllBytes(dir.resolve("c_late.b.wav")));
        assertThat(wavB.sampleRate()).isEqualTo(16000);
        assertThat(r.partyB().durationMs()).isEqualTo(wavB.durationMs());
        long joinedAt = (joined - t0) * 16000 / S;
        int saidAt = RecordedWav.indexOf(wavB.left(), said, 0);
        assertThat(saidAt).as("B's frame on the left of B's file").isGreaterThanOrEqualTo(0);
        assertThat((long) saidAt).as("where B's frame arrived on the call's timeline").isBetween(joinedAt - 16, joinedAt + 16);
        assertThat(RecordedWav.silent(wavB.left(), 0, saidAt)).isTrue();
        int heardAt = RecordedWav.indexOf(wavB.right(), heard, 0);
        assertThat((long) heardAt).as("what B heard, on the right, where it began").isBetween(joinedAt + 1600 - 16, joinedAt + 1600 + 16);
        assertThat(RecordedWav.silent(wavB.right(), 0, heardAt)).isTrue();

        RecordedWav wavA = RecordedWav.parse(Files.readAllBytes(dir.resolve("c_late.wav")));
        assertThat(wavA.sampleRate()).isEqualTo(8000);
        assertThat(RecordedWav.indexOf(wavA.left(), new short[] {3000, 3001, 3002}, 0)).as("B is not in A's file").isEqualTo(-1);
    }
}

package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
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
 * A writer that cannot keep up (here: not yet running, as if its disk had stalled) never makes a
 * call wait: an offer past the queue's bound returns at once, refused, and the recording ends up
 * marked {@code queue-full}, keeping its timing (the refused frames are silence, not a shift).
 */
class StalledWriterMarksTheRecordingQueueFullTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void offersPastTheBoundAreRefusedAtOnceAndTheRecordingSaysQueueFull() throws Exception {
        List<CallEvent> published = new CopyOnWriteArrayList<>();
        RecordingWriter writer = new RecordingWriter(new RecordingFiles(dir),
                new RecordingWriter.Settings(true, 1600, Duration.ofMillis(10), Duration.ofMillis(50)), published::add, Clock.systemUTC());
        CallRecord call = new CallRecord("c_stalled", Provider.TWILIO, null, Direction.INBOUND, "+1", "+2", CallStatus.IN_PROGRESS,
                "echo", "en", Instant.now(), Instant.now(), null, null, null, Map.of());
        long t0 = System.nanoTime();
        CallAudioTap tap = writer.open(call, null, AudioFormat.PCMU_8K, t0);
        assertThat(tap).isNotNull();

        byte[] loud = new byte[160];
        java.util.Arrays.fill(loud, (byte) 0x10);
        long slowest = 0;
        for (int i = 0; i < 20; i++) { // 20 frames, 3200 bytes, into a queue that holds 1600
            long before = System.nanoTime();
            tap.received(loud, t0 + i * 20 * MS);
            slowest = Math.max(slowest, System.nanoTime() - before);
        }
        assertThat(writer.refusedOffers()).isEqualTo(10);
        assertThat(slowest).as("an offer never waits for the writer").isLessThan(50 * MS);

        writer.start(); // the disk recovers
        org.awaitility.Awaitility.await().until(() -> writer.queuedBytes() == 0);
        byte[] later = new byte[160];
        java.util.Arrays.fill(later, (byte) 0x20);
        tap.received(later, t0 + 600 * MS); // the first frame after the refused ones goes where it arrived
        tap.close();
        writer.close(Duration.ofSeconds(5));

        assertThat(published).hasSize(1);
        Recording r = ((CallEvent.RecordingChanged) published.getFirst()).recording();
        assertThat(r.complete()).isFalse();
        assertThat(r.incompleteReason()).isEqualTo(Recording.QUEUE_FULL);
        RecordedWav wav = RecordedWav.parse(Files.readAllBytes(dir.resolve("c_stalled.wav")));
        assertThat(wav.left()[0]).isNotZero();
        assertThat(wav.left()[10 * 160 - 1]).isNotZero();
        assertThat(RecordedWav.silent(wav.left(), 10 * 160, 600 * 8)).as("the refused frames are silence").isTrue();
        assertThat(wav.left()[600 * 8]).isEqualTo(dev.callbridge.audio.G711.ulawToLinear((byte) 0x20));
    }

    @Test
    void aCallThatAsksNotToBeRecordedGetsNoTapAndCostsNothing() {
        RecordingWriter writer = new RecordingWriter(new RecordingFiles(dir), RecordingWriter.Settings.defaults(true), e -> { }, Clock.systemUTC());
        CallRecord call = new CallRecord("c_private", Provider.TWILIO, null, Direction.INBOUND, "+1", "+2", CallStatus.IN_PROGRESS,
                "echo", "en", Instant.now(), Instant.now(), null, null, null, Map.of());
        assertThat(writer.open(call, false, AudioFormat.PCMU_8K, System.nanoTime())).isNull();
        RecordingWriter off = new RecordingWriter(new RecordingFiles(dir), RecordingWriter.Settings.defaults(false), e -> { }, Clock.systemUTC());
        assertThat(off.open(call, null, AudioFormat.PCMU_8K, System.nanoTime())).isNull();
        assertThat(off.open(call, true, AudioFormat.PCMU_8K, System.nanoTime())).isNotNull();
    }
}

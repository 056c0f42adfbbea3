package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.InterpretedCallRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RECORDING=on}, an interpreted call through the real gateway with the relay agent (A's
 * audio played to B, B's to A). Party A's file is laid out as every call's: left what A said,
 * right what A heard (B's words). Party B's file, {@code ?party=b}, is the same for B: left what B
 * said, right what B heard (A's words). Both are on the call's timeline: B's starts with silence
 * up to B's join, so a moment is the same sample in both files. The record carries B's summary
 * as {@code recording.partyB}.
 */
class InterpretedCallRecordsEachPartyInAFileOfItsOwnTest {
    /** How far apart the same moment may sit in the two files: the relay's hop and the event loop, not a timeline's offset. */
    private static final int SAME_MOMENT_SAMPLES = 250 * 8;

    @TempDir
    Path dir;

    @Test
    void eachPartysVoiceIsLeftAndWhatTheyHeardIsRightOnOneTimeline() throws Exception {
        try (InterpretedCallRig rig = new InterpretedCallRig(dir.resolve("data"), "RECORDING", "on")) {
            rig.relay.dialOnDemand();
            InterpretedRecordedCall call = InterpretedRecordedCall.run(rig, Map.of());

            JsonNode recording = InterpretedRecordedCall.recording(rig, call.callId(), Map.of());
            var a = InterpretedRecordedCall.download(rig, call.callId(), "", Map.of());
            var b = InterpretedRecordedCall.download(rig, call.callId(), "?party=b", Map.of());
            assertThat(a.getKey()).isEqualTo(200);
            assertThat(b.getKey()).isEqualTo(200);
            RecordedWav wavA = RecordedWav.parse(a.getValue());
            RecordedWav wavB = RecordedWav.parse(b.getValue());
            assertThat(wavB.sampleRate()).isEqualTo(8000);

            // The record: A's summary where it always was, B's beside it.
            assertThat(recording.path("complete").asBoolean()).as("%s", recording).isTrue();
            assertThat(recording.path("bytes").asLong()).isEqualTo(a.getValue().length);
            assertThat(recording.path("durationMs").asLong()).isEqualTo(wavA.durationMs());
            JsonNode partyB = recording.path("partyB");
            assertThat(partyB.path("complete").asBoolean()).as("%s", recording).isTrue();
            assertThat(partyB.path("bytes").asLong()).isEqualTo(b.getValue().length);
            assertThat(partyB.path("durationMs").asLong()).isEqualTo(wavB.durationMs());
            try (var files = Files.list(dir.resolve("data").resolve("recordings"))) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder(call.callId() + ".wav", call.callId() + ".b.wav");
            }

            // A's file: A's voice (alone, then to B) on the left, B's on the right.
            int aAloneAt = InterpretedRecordedCall.find(wavA.left(), call.aAlone().get(0), 0);
            int aSaidAt = InterpretedRecordedCall.find(wavA.left(), call.aToB().get(0), 0);
            int aHeardAt = InterpretedRecordedCall.find(wavA.right(), call.bToA().get(0), 0);
            assertThat(aAloneAt).as("A's words before B joined, left of A's file").isGreaterThanOrEqualTo(0);
            assertThat(aSaidAt).as("A's words to B, left of A's file").isGreaterThan(aAloneAt);
            assertThat(aHeardAt).as("B's words, right of A's file").isGreaterThan(aSaidAt);
            assertThat(InterpretedRecordedCall.find(wavA.left(), call.bToA().get(0), 0)).as("B's words are not A's voice").isEqualTo(-1);

            // B's file: B's voice on the left, A's (only what was played to B) on the right.
            int bSaidAt = InterpretedRecordedCall.find(wavB.left(), call.bToA().get(0), 0);
            int bHeardAt = InterpretedRecordedCall.find(wavB.right(), call.aToB().get(0), 0);
            assertThat(bSaidAt).as("B's words, left of B's file").isGreaterThanOrEqualTo(0);
            assertThat(bHeardAt).as("A's words to B, right of B's file").isGreaterThanOrEqualTo(0);
            for (int f = 1; f < InterpretedRecordedCall.FRAMES; f++) {
                assertThat(InterpretedRecordedCall.find(wavB.left(), call.bToA().get(f), bSaidAt)).as("B's frame %d", f).isGreaterThan(bSaidAt);
                assertThat(InterpretedRecordedCall.find(wavB.right(), call.aToB().get(f), bHeardAt)).as("A's frame %d to B", f).isGreaterThan(bHeardAt);
            }
            assertThat(InterpretedRecordedCall.find(wavB.left(), call.aToB().get(0), 0)).as("A's words are not B's voice").isEqualTo(-1);
            assertThat(InterpretedRecordedCall.find(wavB.right(), call.aAlone().get(0), 0)).as("B never heard what A said alone").isEqualTo(-1);
            assertThat(InterpretedRecordedCall.find(wavB.left(), call.aAlone().get(0), 0)).isEqualTo(-1);

            // One timeline: B's file is silent until B joined, well after t = 0, and a moment is the same sample in both.
            int joinedBy = (int) (InterpretedRecordedCall.B_DIALLED_AFTER_MS * 8);
            assertThat(bHeardAt).isGreaterThan(joinedBy);
            assertThat(RecordedWav.silent(wavB.left(), 0, bSaidAt)).as("nothing on B's left before B spoke").isTrue();
            assertThat(RecordedWav.silent(wavB.right(), 0, bHeardAt)).as("nothing on B's right before A's words reached B").isTrue();
            assertThat(bHeardAt - aSaidAt).as("A's words: said (A's file) vs heard by B (B's file)").isBetween(0, SAME_MOMENT_SAMPLES);
            assertThat(aHeardAt - bSaidAt).as("B's words: said (B's file) vs heard by A (A's file)").isBetween(0, SAME_MOMENT_SAMPLES);
            assertThat((long) wavB.left().length).as("both files end when the call did")
                    .isBetween((long) wavA.left().length - SAME_MOMENT_SAMPLES, (long) wavA.left().length + SAME_MOMENT_SAMPLES);
        }
    }
}

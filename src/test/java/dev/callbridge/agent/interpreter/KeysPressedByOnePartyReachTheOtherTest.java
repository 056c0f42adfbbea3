package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.call.TranscriptEntry;
import org.junit.jupiter.api.Test;

class KeysPressedByOnePartyReachTheOtherTest {

    @Test
    void digitsGoAcrossAndOnTheRecordUnderWhoPressedThem() {
        try (InterpreterRig rig = new InterpreterRig(InterpreterAgent.Mix.TRANSLATION, "en", "es")) {
            rig.awaitConnected();
            rig.a.pressKey('4');
            rig.b.pressKey('#');
            await().until(() -> rig.b.dtmfSent.contains("4") && rig.a.dtmfSent.contains("#"));
            assertThat(rig.entries()).filteredOn(e -> e.kind() == TranscriptEntry.Kind.DTMF)
                    .extracting(TranscriptEntry::speaker, TranscriptEntry::text)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(TranscriptEntry.Speaker.A, "4"),
                            org.assertj.core.groups.Tuple.tuple(TranscriptEntry.Speaker.B, "#"));
        }
    }
}

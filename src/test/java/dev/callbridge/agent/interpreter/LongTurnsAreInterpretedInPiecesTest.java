package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.call.TranscriptEntry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LongTurnsAreInterpretedInPiecesTest {
    private static final String LONG = "I would like to book a table for four people at eight o'clock tonight, near the window if you can, "
            + "and please make sure there is a high chair for the baby, because last time there was none left.";

    @Test
    void theListenerHearsTheFirstPieceBeforeTheSpeakerHasFinished() {
        try (InterpreterRig rig = new InterpreterRig(InterpreterAgent.Mix.TRANSLATION, "en", "es")) {
            rig.stt.script("en", "piece one", "piece two", "piece three", "piece four", "piece five", "piece six");
            rig.awaitConnected();
            int sessionsBefore = rig.stt.languagesAsked.size();

            CompletableFuture<Void> speaking = CompletableFuture.runAsync(() -> rig.say(rig.a, LONG, 900));
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.b.heard.contains("piece") || speaking.isDone());
            assertThat(speaking).as("B hears a piece while A is still talking").isNotDone();
            speaking.join();
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.speech().size() == 1);

            int pieces = rig.stt.languagesAsked.size() - sessionsBefore;
            assertThat(pieces).as("one STT session per piece").isGreaterThanOrEqualTo(2);
            TranscriptEntry e = rig.speech().get(0);
            assertThat(e.text()).as("one entry for the whole turn, its pieces in order").startsWith("piece one piece two");
            assertThat(e.translation()).startsWith("[es] piece one [es] piece two");
            assertThat(e.interrupted()).isFalse();
            assertThat(e.endMs() - e.startMs()).isGreaterThan(5000);
        }
    }
}

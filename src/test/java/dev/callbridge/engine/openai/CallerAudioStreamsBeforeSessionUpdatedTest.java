package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.agent.RealtimeAgent;
import dev.callbridge.call.TranscriptEntry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The caller's audio does not wait for the {@code session.updated} round trip. The Realtime
 * server reads a socket's client events in order, so audio appended right after
 * {@code session.update} is read in the format that update set. The fake here applies each
 * update at once but acknowledges it only 3 s later: the call must be streaming long before.
 */
class CallerAudioStreamsBeforeSessionUpdatedTest extends RealtimeAgentHarness {
    private static final long ACK_DELAY_MS = 3_000;

    @Test
    void theAgentIsReadyOnceTheUpdateIsSentNotOnceItIsAcknowledged() throws Exception {
        fake.script().acknowledgeUpdatesAfter(ACK_DELAY_MS);
        long started = System.nanoTime();
        started(null);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(ACK_DELAY_MS));
        FakeRealtimeSession session = fake.awaitSession(0);
        await().until(() -> session.timeline().lines().contains("← session.update"));
        assertThat(session.timeline().lines()).containsSequence("→ session.created", "← session.update")
                .doesNotContain("→ session.updated");
    }

    @Test
    void audioSentBeforeTheAcknowledgementIsReadAsMulaw() throws Exception {
        // Speech from 100 to 300 ms of input audio. One second of frames, read as μ-law (8 bytes a
        // millisecond), covers it and the 500 ms of silence that ends it; read as the default
        // 24 kHz PCM (48 bytes a millisecond) the same bytes would be 167 ms and the turn would not end.
        fake.script().acknowledgeUpdatesAfter(ACK_DELAY_MS).speech(100, 300, "hello there");
        RealtimeAgent agent = started(null);
        callerSends(agent, 50);

        FakeRealtimeSession session = fake.awaitSession(0);
        await().atMost(Duration.ofMillis(ACK_DELAY_MS - 500))
                .until(() -> session.timeline().lines().contains("→ input_audio_buffer.speech_stopped"));
        List<String> lines = session.timeline().lines();
        assertThat(lines).as("the turn ended before the update was acknowledged").doesNotContain("→ session.updated");
        assertThat(lines.indexOf("← session.update")).isLessThan(lines.indexOf("→ input_audio_buffer.speech_started"));
        await().until(() -> call.transcript.stream().anyMatch(e -> e.speaker() == TranscriptEntry.Speaker.CALLER
                && e.text().equals("hello there")));
        await().until(() -> session.timeline().lines().contains("→ session.updated"));
    }
}

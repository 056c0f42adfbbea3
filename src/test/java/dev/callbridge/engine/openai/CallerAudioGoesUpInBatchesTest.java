package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.agent.RealtimeAgent;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With an append batch (OPENAI_APPEND_BATCH_MS, 40 ms by default), the caller's 20 ms frames go
 * up as one {@code input_audio_buffer.append} per batch: the frames' bytes, in the order they
 * came, nothing dropped, nothing sent twice. A batch not yet full waits for the frames that
 * fill it (the caller's leg streams without pause, silence included). With no batch, every
 * frame is its own append.
 */
class CallerAudioGoesUpInBatchesTest extends RealtimeAgentHarness {

    private void batchOf(int ms) {
        timing = new RealtimeAgent.Timing(Duration.ofMinutes(55), Duration.ofMinutes(3), List.of(Duration.ZERO),
                Duration.ofMillis(1200), Duration.ofSeconds(8), Duration.ofMillis(ms));
    }

    /** 20 ms frames whose bytes say which frame they are: 1, 2, 3, … */
    private void callerSendsNumberedFrames(RealtimeAgent agent, int from, int to) throws Exception {
        onCall(() -> {
            for (int n = from; n <= to; n++) agent.onAudio(leg, new AudioChunk(AudioFormat.PCMU_8K, ulaw(20, n)));
            return null;
        });
    }

    private static byte[] frames(int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n = from; n <= to; n++) out.writeBytes(ulaw(20, n));
        return out.toByteArray();
    }

    private static List<byte[]> appended(FakeRealtimeSession session) {
        return session.timeline().all("input_audio_buffer.append").stream()
                .map(e -> Base64.getDecoder().decode(e.getString("audio"))).toList();
    }

    @Test
    void fortyMillisecondsOfFramesGoUpAsOneAppendInTheirOrder() throws Exception {
        batchOf(40);
        RealtimeAgent agent = started(null);
        FakeRealtimeSession session = fake.awaitSession(0);

        callerSendsNumberedFrames(agent, 1, 6);

        await().until(() -> appended(session).size() == 3);
        assertThat(appended(session)).containsExactly(frames(1, 2), frames(3, 4), frames(5, 6));
    }

    @Test
    void aBatchNotYetFullWaitsForTheFrameThatFillsIt() throws Exception {
        batchOf(60);
        RealtimeAgent agent = started(null);
        FakeRealtimeSession session = fake.awaitSession(0);

        callerSendsNumberedFrames(agent, 1, 5);
        await().until(() -> appended(session).size() == 1);
        assertThat(appended(session)).containsExactly(frames(1, 3));

        callerSendsNumberedFrames(agent, 6, 6);
        await().until(() -> appended(session).size() == 2);
        assertThat(appended(session)).containsExactly(frames(1, 3), frames(4, 6));
    }

    @Test
    void withNoBatchEveryFrameIsItsOwnAppend() throws Exception {
        batchOf(0);
        RealtimeAgent agent = started(null);
        FakeRealtimeSession session = fake.awaitSession(0);

        callerSendsNumberedFrames(agent, 1, 3);

        await().until(() -> appended(session).size() == 3);
        assertThat(appended(session)).containsExactly(frames(1, 1), frames(2, 2), frames(3, 3));
    }
}

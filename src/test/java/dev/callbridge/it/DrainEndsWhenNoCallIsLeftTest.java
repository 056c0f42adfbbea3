package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drain does not wait out {@code DRAIN_SECONDS} once the last call has ended: the process
 * exits 0 as soon as the last caller hangs up, and that call keeps its own end reason.
 */
class DrainEndsWhenNoCallIsLeftTest {
    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void tearDown() {
        vertx.close().await();
    }

    @Test
    void theProcessExitsWhenTheLastCallerHangsUp() throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir, Map.of("DRAIN_SECONDS", "600"))) {
            ServeProcess.LiveCall live = serve.inboundTwilioCall(vertx);
            String callId = live.id();
            RawTwilioStream stream = live.stream();
            serve.sigtermAndAwaitDrain(1);
            byte[] silence = new byte[160];
            java.util.Arrays.fill(silence, (byte) 0xFF);
            stream.media(2, java.util.Base64.getEncoder().encodeToString(silence));
            await("the call still echoes during the drain").atMost(Duration.ofSeconds(2))
                    .until(() -> stream.received.stream().anyMatch(m -> m.contains("\"event\":\"media\"")));
            long hangup = System.nanoTime();
            stream.stop(3, RawTwilioStream.STREAM_SID);

            assertThat(serve.awaitExit(Duration.ofSeconds(20))).as(serve.logText()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - hangup)).as("not the 600 s drain").isLessThan(Duration.ofSeconds(15));
            assertThat(serve.logText()).contains("1 of 1 calls ended by themselves, 0 hung up with 'shutdown'");
            CallRecord call = serve.storedCall(callId).orElseThrow();
            assertThat(call.status()).isEqualTo(CallStatus.COMPLETED);
            assertThat(call.endReason()).isEqualTo("caller-hangup");
        }
    }
}

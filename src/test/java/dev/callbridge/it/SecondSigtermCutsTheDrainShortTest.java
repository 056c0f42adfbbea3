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
 * A second SIGTERM during a long drain ends it at once: the calls left are hung up with
 * {@code shutdown}, the store is still flushed, and the process exits 0 long before
 * {@code DRAIN_SECONDS}.
 */
class SecondSigtermCutsTheDrainShortTest {
    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void tearDown() {
        vertx.close().await();
    }

    @Test
    void theCallsLeftAreHungUpAtOnce() throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir, Map.of("DRAIN_SECONDS", "600"))) {
            ServeProcess.LiveCall live = serve.inboundTwilioCall(vertx);
            String callId = live.id();
            RawTwilioStream stream = live.stream();
            serve.sigtermAndAwaitDrain(1);
            long second = System.nanoTime();
            serve.sigterm();

            assertThat(serve.awaitExit(Duration.ofSeconds(20))).as(serve.logText()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - second)).as("not the 600 s drain").isLessThan(Duration.ofSeconds(15));
            await().atMost(Duration.ofSeconds(2)).until(stream::isClosed);
            assertThat(serve.logText()).contains("SIGTERM received again: the 1 calls left are hung up now")
                    .contains("0 of 1 calls ended by themselves, 1 hung up with 'shutdown'");
            CallRecord call = serve.storedCall(callId).orElseThrow();
            assertThat(call.status()).isEqualTo(CallStatus.COMPLETED);
            assertThat(call.endReason()).isEqualTo("shutdown");
        }
    }
}

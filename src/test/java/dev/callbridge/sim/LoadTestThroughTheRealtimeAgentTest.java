package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.it.GatewayFixture;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay benchmark in miniature: the real gateway with {@code AGENT=realtime}, talking to
 * {@link RealtimeEchoServer}, under {@link LoadTest}. Every probe frame goes up as an append and
 * must come back through the agent byte for byte, including those sent before the Realtime
 * session was ready (the call holds them).
 */
class LoadTestThroughTheRealtimeAgentTest {
    private static final String KEY = "sk-bench";

    @TempDir
    Path dir;
    private Vertx vertx;
    private RealtimeEchoServer echo;

    @BeforeEach
    void startEcho() {
        vertx = Vertx.vertx();
        echo = RealtimeEchoServer.start(vertx, new RealtimeEchoServer.Options("127.0.0.1", 0, KEY, 1)).await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void fiveCallsForThreeSecondsGetEveryFrameBackThroughTheRealtimeAgent() {
        try (GatewayFixture gw = new GatewayFixture(dir, "AGENT", "realtime", "OPENAI_API_KEY", KEY,
                "OPENAI_REALTIME_URL", echo.url())) {
            GatewayTarget target = new GatewayTarget(URI.create(gw.base()), URI.create(gw.base()), Optional.empty());
            var options = new LoadTest.Options(target, 5, 3, LoadTest.Options.defaultRampMillis(5), 1000, 2,
                    "+15551230000", "+15559870000");

            LoadReport r = new LoadTest(vertx, options, new LoadProgress()).run().await();

            assertThat(r.calls().ok()).as(r.table()).isEqualTo(5);
            assertThat(r.frames().sent()).isEqualTo(5 * 3 * 50);
            assertThat(r.frames().received()).as(r.table()).isEqualTo(r.frames().sent());
            assertThat(r.frames().lost()).isZero();
            assertThat(r.frames().warmupLost()).isZero();
            assertThat(r.frames().duplicates()).isZero();
            assertThat(r.frames().unexpected()).isZero();
            assertThat(r.clean()).isTrue();
            // By default two 20 ms frames go up as one append and come back as one delta, in one session per call.
            assertThat(echo.counters().sessions()).isEqualTo(5);
            assertThat(echo.counters().appendsEchoed()).isEqualTo(5 * 3 * 50 / 2);
            assertThat(echo.counters().errors()).isZero();
            assertThat(r.server().cpuMicrosPerEchoedFrame()).isPresent(); // the gateway's /stats
        }
    }

    @Test
    void batchedAppendsComeBackAsSeveralFramesAndEveryOneIsCounted() {
        try (GatewayFixture gw = new GatewayFixture(dir, "AGENT", "realtime", "OPENAI_API_KEY", KEY,
                "OPENAI_REALTIME_URL", echo.url(), "OPENAI_APPEND_BATCH_MS", "100")) {
            GatewayTarget target = new GatewayTarget(URI.create(gw.base()), URI.create(gw.base()), Optional.empty());
            var options = new LoadTest.Options(target, 3, 3, LoadTest.Options.defaultRampMillis(3), 1000, 2,
                    "+15551230000", "+15559870000");

            LoadReport r = new LoadTest(vertx, options, new LoadProgress()).run().await();

            assertThat(r.frames().received()).as(r.table()).isEqualTo(r.frames().sent()).isEqualTo(3 * 3 * 50);
            assertThat(r.frames().unexpected()).isZero();
            // 150 frames a call, five to an append.
            assertThat(echo.counters().appendsEchoed()).isEqualTo(3 * 3 * 50 / 5);
        }
    }
}

package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The load generator end to end against {@link FakeMediaServer}. */
@ExtendWith(VertxExtension.class)
class LoadTestTest {
    private static final String TOKEN = "test-token";

    private static LoadReport load(Vertx vertx, FakeMediaServer fake, int calls, int seconds) {
        GatewayTarget target = new GatewayTarget(URI.create("http://127.0.0.1:" + fake.port()),
                URI.create(FakeMediaServer.PUBLIC_URL), Optional.of(TOKEN));
        var options = new LoadTest.Options(target, calls, seconds, LoadTest.Options.defaultRampMillis(calls), 500, 2,
                "+15551230000", "+15559870000");
        return new LoadTest(vertx, options, new LoadProgress()).run().await();
    }

    @Test
    void fiveCallsForThreeSecondsGetEveryFrameBackWithLatencies(Vertx vertx) {
        FakeMediaServer fake = FakeMediaServer.start(vertx, new FakeMediaServer.Options(false, Optional.of(TOKEN), 50, 0)).await();

        LoadReport r = load(vertx, fake, 5, 3);

        assertThat(r.calls().ok()).isEqualTo(5);
        assertThat(r.calls().failed()).isZero();
        assertThat(r.frames().sent()).isEqualTo(5 * 3 * 50);
        assertThat(r.frames().received()).isEqualTo(r.frames().sent());
        assertThat(r.frames().lost()).isZero();
        assertThat(r.frames().duplicates()).isZero();
        assertThat(r.frames().unexpected()).isZero();
        assertThat(r.frames().marksReceived()).isEqualTo(5 * 3);
        assertThat(r.frames().marksReturned()).isEqualTo(5 * 3);
        assertThat(r.roundTrip().count()).isEqualTo(750);
        assertThat(r.firstSecondRoundTrip().count()).as("each call's first 50 frames").isEqualTo(5 * 50);
        assertThat(r.roundTrip().p50()).isPositive().isLessThanOrEqualTo(r.roundTrip().p99());
        assertThat(r.webhook().count()).isEqualTo(5);
        assertThat(r.server().cpuMicrosPerEchoedFrame()).isEmpty(); // the fake has no /stats
        assertThat(r.clean()).isTrue();
        assertThat(fake.statusCallbacks).hasSize(5);
        assertThat(fake.webhookSignaturesValid).hasSize(10).containsOnly(true);
        assertThat(fake.streams).allSatisfy(s -> assertThat(s.signatureValid).isTrue());
    }

    @Test
    void busyServerCountsRejectedCallsAsFailed(Vertx vertx) {
        FakeMediaServer fake = FakeMediaServer.start(vertx, new FakeMediaServer.Options(true, Optional.empty(), 0, 0)).await();

        LoadReport r = load(vertx, fake, 3, 1);

        assertThat(r.calls().rejected()).isEqualTo(3);
        assertThat(r.calls().failed()).isEqualTo(3);
        assertThat(r.frames().sent()).isZero();
        assertThat(r.clean()).isFalse();
    }
}

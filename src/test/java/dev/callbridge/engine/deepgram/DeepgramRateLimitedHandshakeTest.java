package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A 429 on the upgrade (too many concurrent streams) is a transient rate limit, with the wait when the server names one. */
class DeepgramRateLimitedHandshakeTest {
    private final DeepgramFixture f = new DeepgramFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void rateLimited() {
        f.fake.refuseNext(FakeDeepgram.Refusal.legacy(429, "TOO_MANY_REQUESTS", "Too many requests. Please try again later."));
        EngineFailure e = Failures.of(f, 300);
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.retryAfter()).isNull();
        assertThat(e.getMessage()).isEqualTo("Deepgram: HTTP 429 rate_limited: Too many requests. Please try again later. [TOO_MANY_REQUESTS]");
    }

    @Test
    void rateLimitedWithRetryAfter() {
        f.fake.refuseNext(FakeDeepgram.Refusal.legacy(429, "TOO_MANY_REQUESTS", "Too many requests.").header("Retry-After", "3"));
        EngineFailure e = Failures.of(f, 300);
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(e.getMessage()).endsWith("(retry after 3000 ms)");
    }

    @Test
    void theNextUtteranceConnectsAgain() {
        f.fake.refuseNext(FakeDeepgram.Refusal.legacy(429, "TOO_MANY_REQUESTS", "Too many requests."));
        assertThat(Failures.of(f, 300).kind()).isEqualTo(Kind.RATE_LIMITED);
        f.fake.script().says("Second try.");
        DeepgramFixture.Opened o = f.open(dev.callbridge.audio.AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), DeepgramFixture.tone(dev.callbridge.audio.AudioFormat.PCMU_8K, 500), true);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> o.recorder().answer() != null);
        assertThat(o.recorder().transcript().text()).isEqualTo("Second try.");
    }
}

package dev.callbridge.engine.stt;

import dev.callbridge.engine.EngineFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.stt.FakeTranscriptions.Reply;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.EngineFailure.Engine;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each way the server can refuse or break becomes one typed failure, with its own message and never the key. */
class TranscriptionErrorsAreTypedTest {
    private final SttFixture f = new SttFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    private EngineFailure failureFor(Reply reply) {
        f.fake.enqueue(reply);
        SttFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), Tones.tone(AudioFormat.PCMU_8K, 400), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> !o.recorder().events.isEmpty());
        assertThat(o.recorder().events).hasSize(1);
        assertThat(o.recorder().wrongContext).isEmpty();
        EngineFailure failure = o.recorder().failure();
        assertThat(failure.getMessage()).doesNotContain(SttFixture.KEY).doesNotContain("\n");
        assertThat(failure.getStackTrace()).isEmpty();
        return failure;
    }

    @Test
    void unauthorized() {
        EngineFailure e = failureFor(Reply.status(401, Reply.openAiError("Incorrect API key provided: " + SttFixture.KEY, "invalid_request_error", "invalid_api_key")));
        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).startsWith("STT API: HTTP 401 unauthorized: Incorrect API key provided: ****").endsWith("[invalid_api_key]");
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void rateLimitedWithRetryAfter() {
        EngineFailure e = failureFor(Reply.status(429, Reply.openAiError("Rate limit reached", "requests", "rate_limit_exceeded")).header("Retry-After", "2"));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void serverError() {
        EngineFailure e = failureFor(Reply.status(500, "{\"detail\":\"CUDA out of memory\"}"));
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.serverMessage()).isEqualTo("CUDA out of memory");
    }

    @Test
    void htmlErrorPage() {
        EngineFailure e = failureFor(Reply.status(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"));
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("non-JSON body: <html><body><h1>502 Bad Gateway");
    }

    @Test
    void okButNotJson() {
        EngineFailure e = failureFor(new Reply(200, java.util.Map.of("Content-Type", "text/html"), "<html>login</html>", 0, false));
        assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
        assertThat(e.getMessage()).contains("text/html").contains("<html>login</html>");
    }

    @Test
    void okWithoutText() {
        EngineFailure e = failureFor(new Reply(200, java.util.Map.of("Content-Type", "application/json"), "{\"segments\":[]}", 0, false));
        assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
    }

    @Test
    void droppedConnection() {
        EngineFailure e = failureFor(Reply.dropConnection());
        assertThat(e.kind()).isEqualTo(Kind.DROPPED);
        assertThat(e.isTransient()).isTrue();
    }
}

package dev.callbridge.engine.tts;

import dev.callbridge.engine.EngineFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.tts.FakeSpeechServer.Reply;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.EngineFailure.Engine;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a speech server says no becomes a typed failure with one readable line (never the key):
 * 401, 429 with Retry-After, a 500 with OpenAI's JSON, a proxy's HTML page, and a 2xx that is not
 * raw PCM (JSON, mp3), which would otherwise play as noise.
 */
class SpeechHttpErrorsAreTypedFailuresTest {
    private final SpeechFixture f = new SpeechFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    private EngineFailure failure(Reply reply) throws Exception {
        f.fake.enqueue(reply);
        SpeechFixture.Started s = f.speak("Hello.", AudioFormat.PCMU_8K);
        EngineFailure failure = s.recorder().failed.get(5, TimeUnit.SECONDS);
        assertThat(s.recorder().frames).isEmpty();
        assertThat(s.recorder().ended).isNotDone();
        assertThat(failure.getMessage()).doesNotContain(SpeechFixture.KEY).doesNotContain("\n");
        assertThat(failure.getStackTrace()).isEmpty();
        System.out.println(failure.getMessage());
        return failure;
    }

    @Test
    void unauthorized() throws Exception {
        EngineFailure e = failure(Reply.status(401, "application/json",
                FakeSpeechServer.openAiError("Incorrect API key provided: " + SpeechFixture.KEY, "invalid_api_key")));
        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.errorCode()).isEqualTo("invalid_api_key");
        assertThat(e.serverMessage()).isEqualTo("Incorrect API key provided: ****");
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void rateLimitedSaysWhenToRetry() throws Exception {
        EngineFailure e = failure(Reply.status(429, "application/json",
                FakeSpeechServer.openAiError("Rate limit reached for tts", "rate_limit_exceeded")).header("Retry-After", "2"));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).isEqualTo("TTS API: HTTP 429 rate_limited: Rate limit reached for tts [rate_limit_exceeded] (retry after 2000 ms)");
    }

    @Test
    void serverErrorWithJson() throws Exception {
        EngineFailure e = failure(Reply.status(500, "application/json", FakeSpeechServer.openAiError("The server had an error", null)));
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.serverMessage()).isEqualTo("The server had an error");
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void proxyHtmlPage() throws Exception {
        EngineFailure e = failure(Reply.status(502, "text/html", "<html><body><h1>502 Bad Gateway</h1>\n</body></html>"));
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("non-JSON body: <html><body><h1>502 Bad Gateway</h1> </body></html>");
    }

    @Test
    void jsonUnderA200IsNotAudio() throws Exception {
        EngineFailure e = failure(Reply.status(200, "application/json", "{\"detail\":\"voice not found\"}"));
        assertThat(e.kind()).isEqualTo(Kind.WRONG_CONTENT);
        assertThat(e.getMessage()).isEqualTo("TTS API: HTTP 200 wrong_content (expected raw PCM, got application/json): voice not found");
    }

    @Test
    void mp3UnderA200IsNotAudioWeCanPlay() throws Exception {
        EngineFailure e = failure(Reply.status(200, "audio/mpeg", "ID3\u0004\u0000\u0000"));
        assertThat(e.kind()).isEqualTo(Kind.WRONG_CONTENT);
        assertThat(e.getMessage()).contains("got audio/mpeg");
    }
}

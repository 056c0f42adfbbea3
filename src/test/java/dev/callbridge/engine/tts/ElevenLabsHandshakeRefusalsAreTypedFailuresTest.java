package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.config.Secret;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.tts.FakeElevenLabs.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A handshake ElevenLabs refuses is one typed failure with one readable line, its error code read
 * from {@code {"detail":{"status","message"}}}, and never the key: a wrong key (401), a voice the
 * plan may not use (403), a concurrency limit with Retry-After (429), the server failing (5xx).
 */
class ElevenLabsHandshakeRefusalsAreTypedFailuresTest {
    private final ElevenLabsFixture f = new ElevenLabsFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    private EngineFailure failure(Reply reply) throws Exception {
        f.fake.enqueue(reply);
        return failure(f.speak("Hello.", AudioFormat.PCMU_8K));
    }

    private static EngineFailure failure(SpeechFixture.Started s) throws Exception {
        EngineFailure failure = s.recorder().failed.get(5, TimeUnit.SECONDS);
        System.out.println(failure.getMessage());
        assertThat(failure.engine()).isEqualTo(Engine.TTS);
        assertThat(s.recorder().frames).isEmpty();
        assertThat(s.recorder().ended).isNotDone();
        assertThat(failure.audioMillis()).isZero();
        assertThat(failure.getMessage()).doesNotContain(ElevenLabsFixture.KEY).doesNotContain("\n");
        return failure;
    }

    @Test
    void wrongKey() throws Exception {
        ElevenLabsSpeechClient wrong = new ElevenLabsSpeechClient(f.vertx, new ElevenLabsSpeechClient.Settings(URI.create(f.fake.baseUrl()),
                Secret.ofNullable("xi-wrong"), ElevenLabsFixture.MODEL, ElevenLabsFixture.VOICE, ElevenLabsSpeechClient.Limits.DEFAULTS),
                TextToSpeechMetrics.NONE);
        SpeechRecorder r = new SpeechRecorder();
        r.expected = f.context;
        CompletableFuture<Synthesis> started = new CompletableFuture<>();
        f.context.runOnContext(v -> started.complete(wrong.speak("Hello.", null, AudioFormat.PCMU_8K, r)));
        EngineFailure e = failure(new SpeechFixture.Started(r, started.join()));
        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.errorCode()).isEqualTo("invalid_api_key");
        assertThat(e.getMessage()).isEqualTo("ElevenLabs: HTTP 401 unauthorized: Invalid API key [invalid_api_key]");
        assertThat(e.isTransient()).isFalse();
        wrong.close().await();
    }

    @Test
    void keyEchoedBackIsScrubbed() throws Exception {
        EngineFailure e = failure(Reply.refuse(401, "", FakeElevenLabs.errorBody("invalid_api_key", "Invalid API key: " + ElevenLabsFixture.KEY)));
        assertThat(e.serverMessage()).isEqualTo("Invalid API key: ****");
    }

    @Test
    void voiceNotForThisPlan() throws Exception {
        EngineFailure e = failure(Reply.refuse(403, "", FakeElevenLabs.errorBody("only_for_creator+",
                "This voice is only available to Creator tier and above.")));
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.errorCode()).isEqualTo("only_for_creator+");
    }

    @Test
    void tooManyConcurrentRequestsSaysWhenToRetry() throws Exception {
        EngineFailure e = failure(Reply.refuse(429, "2", FakeElevenLabs.errorBody("too_many_concurrent_requests",
                "Too many concurrent requests for your plan.")));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).isEqualTo("ElevenLabs: HTTP 429 rate_limited: Too many concurrent requests for your plan."
                + " [too_many_concurrent_requests] (retry after 2000 ms)");
    }

    @Test
    void serverErrors() throws Exception {
        for (int status : new int[] {500, 503}) {
            EngineFailure e = failure(Reply.refuse(status, "", FakeElevenLabs.errorBody("system_busy", "Our services are busy.")));
            assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.isTransient()).isTrue();
        }
    }
}

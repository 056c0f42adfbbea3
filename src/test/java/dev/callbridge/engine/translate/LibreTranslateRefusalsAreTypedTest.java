package dev.callbridge.engine.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.config.Secret;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.translate.FakeTranslationServer.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LibreTranslate's {@code {"error": …}} answers become typed failures carrying its words and never the key. */
class LibreTranslateRefusalsAreTypedTest {
    private final TranslatorFixture f = TranslatorFixture.libreTranslate(11);

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void anUnsupportedLanguageIsRejected() throws Exception {
        EngineFailure e = f.failure("Hallo", "de", "ja");
        assertThat(e.kind()).isEqualTo(Kind.REJECTED);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("LibreTranslate API: HTTP 400 rejected: ja is not supported");
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void aPairWithoutAModelIsRejected() throws Exception {
        EngineFailure e = f.failure("Hallo", "de", "pt");
        assertThat(e.kind()).isEqualTo(Kind.REJECTED);
        assertThat(e.serverMessage()).isEqualTo("Portuguese (pt) is not available as a target language from German (de)");
    }

    @Test
    void aBadKeyIsForbidden() throws Exception {
        HttpTranslator wrongKey = new HttpTranslator(f.vertx, URI.create(f.fake.baseUrl()), Secret.ofNullable("not-a-key"),
                new LibreTranslateProtocol(Secret.ofNullable("not-a-key")), HttpTranslator.Limits.DEFAULTS);
        try {
            CompletableFuture<Throwable> result = new CompletableFuture<>();
            f.context.runOnContext(v -> wrongKey.translate("Hello!", "en", "es").onComplete(ar -> result.complete(ar.cause())));
            EngineFailure e = (EngineFailure) result.get(15, TimeUnit.SECONDS);
            assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
            assertThat(e.getMessage()).isEqualTo("LibreTranslate API: HTTP 403 forbidden: Invalid API key").doesNotContain("not-a-key");
        } finally {
            wrongKey.close().await();
        }
    }

    @Test
    void slowDownIsRateLimitedWithItsRetryAfter() throws Exception {
        f.fake.force(FakeLibreTranslate.error(429, "Slowdown: 30 per 1 minute").header("Retry-After", "3"));
        EngineFailure e = f.failure("Hello!", "en", "es");
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void aFailedTranslationIsAServerError() throws Exception {
        f.fake.force(FakeLibreTranslate.error(500, "Cannot translate text: CUDA out of memory"));
        EngineFailure e = f.failure("Hello!", "en", "es");
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.serverMessage()).isEqualTo("Cannot translate text: CUDA out of memory");
    }

    @Test
    void aProxysPageIsQuotedShort() throws Exception {
        f.fake.force(Reply.json(502, "<html><body>502 Bad Gateway</body></html>").header("Content-Type", "text/html"));
        EngineFailure e = f.failure("Hello!", "en", "es");
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.getMessage()).isEqualTo("LibreTranslate API: HTTP 502 server_error: non-JSON body: <html><body>502 Bad Gateway</body></html>");
    }

    @Test
    void aTwoHundredWithoutATranslationIsAProtocolFailure() throws Exception {
        f.fake.force(Reply.json(200, "{\"translated\":\"¡Hola!\"}"));
        EngineFailure e = f.failure("Hello!", "en", "es");
        assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
        assertThat(e.getMessage()).startsWith("LibreTranslate API: unreadable answer: no translatedText string");
    }
}

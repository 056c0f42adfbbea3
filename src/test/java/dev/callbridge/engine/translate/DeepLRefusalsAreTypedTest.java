package dev.callbridge.engine.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DeepL's {@code {"message": …}} answers, 456 included, become typed failures carrying its words and never the key. */
class DeepLRefusalsAreTypedTest {
    private final TranslatorFixture f = TranslatorFixture.deepL(21, 20);

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void anUnsupportedTargetIsRejected() throws Exception {
        EngineFailure e = f.failure("Hello", "en", "xx");
        assertThat(e.kind()).isEqualTo(Kind.REJECTED);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("DeepL API: HTTP 400 rejected: Value for 'target_lang' not supported.");
    }

    @Test
    void aWrongKeyIsForbidden() throws Exception {
        f.fake.force(FakeDeepL.message(403, "Authorization failure, check auth_key"));
        EngineFailure e = f.failure("Hello", "en", "es");
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void tooManyRequestsIsRateLimited() throws Exception {
        f.fake.force(FakeDeepL.message(429, "Too many requests").header("Retry-After", "1"));
        EngineFailure e = f.failure("Hello", "en", "es");
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aSpentQuotaIs456AndNotWorthRetrying() throws Exception {
        assertThat(f.translate("Hello there", "en", "es").text()).isEqualTo("[ES] Hello there");
        EngineFailure e = f.failure("And a longer sentence", "en", "es");
        assertThat(e.status()).isEqualTo(456);
        assertThat(e.kind()).isEqualTo(Kind.REJECTED);
        assertThat(e.getMessage()).isEqualTo("DeepL API: HTTP 456 rejected: Quota exceeded");
        assertThat(e.isTransient()).as("the quota is monthly: retrying cannot help").isFalse();
    }

    @Test
    void aServerErrorIsTransient() throws Exception {
        f.fake.force(FakeDeepL.message(503, "Service temporarily unavailable"));
        EngineFailure e = f.failure("Hello", "en", "es");
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.isTransient()).isTrue();
    }
}

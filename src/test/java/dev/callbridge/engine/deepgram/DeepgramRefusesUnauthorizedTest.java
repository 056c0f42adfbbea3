package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.stt.SpeechToTextMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A 401 on the upgrade (a wrong key) fails the utterance as unauthorized, with Deepgram's words and code, never the key. */
class DeepgramRefusesUnauthorizedTest {
    private final DeepgramFixture f = new DeepgramFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void wrongKey() throws Exception {
        try (DeepgramFixture wrong = new DeepgramFixture(DeepgramSpeechToText.Limits.DEFAULTS, "nova-3", SpeechToTextMetrics.NONE, "dg-wrong-key")) {
            EngineFailure e = Failures.of(wrong, 400);
            assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.serverMessage()).isEqualTo("Invalid credentials.");
            assertThat(e.getMessage()).isEqualTo("Deepgram: HTTP 401 unauthorized: Invalid credentials. [INVALID_AUTH]");
            assertThat(wrong.fake.handshakes().getFirst().violations()).containsExactly("a wrong Authorization header");
        }
    }

    @Test
    void unauthorizedWithTheLegacyBody() {
        f.fake.refuseNext(FakeDeepgram.Refusal.legacy(401, "INVALID_AUTH", "Invalid credentials. Key " + DeepgramFixture.KEY + " is not valid."));
        EngineFailure e = Failures.of(f, 400);
        assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.errorCode()).isEqualTo("INVALID_AUTH");
        assertThat(e.getMessage()).isEqualTo("Deepgram: HTTP 401 unauthorized: Invalid credentials. Key **** is not valid. [INVALID_AUTH]");
        assertThat(e.isTransient()).isFalse();
        assertThat(f.fake.streams()).isEmpty();
    }

    @Test
    void forbiddenWithTheModernBody() {
        f.fake.refuseNext(FakeDeepgram.Refusal.modern(403, "INSUFFICIENT_PERMISSIONS", "This key may not use model nova-3."));
        EngineFailure e = Failures.of(f, 400);
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.serverMessage()).isEqualTo("This key may not use model nova-3.");
        assertThat(e.errorCode()).isEqualTo("INSUFFICIENT_PERMISSIONS");
    }
}

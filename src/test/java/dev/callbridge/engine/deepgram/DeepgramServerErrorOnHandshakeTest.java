package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A 5xx on the upgrade is a transient server error, whether Deepgram or a proxy in front of it answered. */
class DeepgramServerErrorOnHandshakeTest {
    private final DeepgramFixture f = new DeepgramFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void deepgramsOwnError() {
        f.fake.refuseNext(FakeDeepgram.Refusal.modern(500, "INTERNAL_SERVER_ERROR", "An internal server error occurred."));
        EngineFailure e = Failures.of(f, 300);
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).isEqualTo("Deepgram: HTTP 500 server_error: An internal server error occurred. [INTERNAL_SERVER_ERROR]");
    }

    @Test
    void aProxysPage() {
        f.fake.refuseNext(FakeDeepgram.Refusal.text(503, "<html><body><h1>503 Service Unavailable</h1>\n</body></html>"));
        EngineFailure e = Failures.of(f, 300);
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.getMessage()).isEqualTo("Deepgram: HTTP 503 server_error: <html><body><h1>503 Service Unavailable</h1> </body></html>");
    }

    @Test
    void onlyTheDgErrorHeader() {
        f.fake.refuseNext(new FakeDeepgram.Refusal(502, java.util.Map.of("dg-error", "Upstream model unavailable"), ""));
        EngineFailure e = Failures.of(f, 300);
        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.serverMessage()).isEqualTo("Upstream model unavailable");
    }
}

package dev.callbridge.engine.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.callbridge.config.Secret;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.translate.FakeTranslationServer.Reply;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every engine: a connection lost mid-answer is {@code DROPPED}, an answer that stalls or comes
 * too late is {@code TIMEOUT} within the limit, an answer past the size bound is {@code PROTOCOL},
 * and a server that is not there is {@code UNREACHABLE}; each a failed future, never a hang.
 */
class TranslationDropsAndTimeoutsTest {
    private static final HttpTranslator.Limits SHORT = new HttpTranslator.Limits(Duration.ofSeconds(2), Duration.ofMillis(600), 4096);

    record Engine(String name, LongFunction<FakeTranslationServer.Vendor> vendor, TranslationProtocol protocol, String key, String to,
                  String okBody) {
        @Override
        public String toString() {
            return name;
        }

        TranslatorFixture fixture(HttpTranslator.Limits limits) {
            return new TranslatorFixture(vendor.apply(3), 3, protocol, key, limits);
        }
    }

    static Stream<Engine> engines() {
        return Stream.of(
                new Engine("libretranslate", seed -> new FakeLibreTranslate(seed, java.util.Set.of()), new LibreTranslateProtocol(null), null, "es",
                        "{\"translatedText\":\"¡Hola!\"}"),
                new Engine("deepl", seed -> new FakeDeepL(seed, TranslatorFixture.DEEPL_KEY, 1000),
                        new DeepLProtocol(Secret.ofNullable(TranslatorFixture.DEEPL_KEY)), TranslatorFixture.DEEPL_KEY, "es",
                        "{\"translations\":[{\"detected_source_language\":\"EN\",\"text\":\"¡Hola!\"}]}"),
                new Engine("apertium", FakeApertiumApy::new, new ApertiumApyProtocol(), null, "es",
                        "{\"responseData\":{\"translatedText\":\"¡Hola!\"},\"responseDetails\":null,\"responseStatus\":200}"));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aDropMidAnswerIsDropped(Engine engine) throws Exception {
        try (TranslatorFixture f = engine.fixture(HttpTranslator.Limits.DEFAULTS)) {
            f.fake.force(Reply.json(200, engine.okBody() + " ".repeat(200)).drop());
            EngineFailure e = f.failure("Hello!", "en", engine.to());
            assertThat(e.kind()).isEqualTo(Kind.DROPPED);
            assertThat(e.isTransient()).isTrue();
            assertThat(f.translate("Hello!", "en", engine.to()).text()).as("the next request works").isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aStallIsATimeoutWithinTheLimit(Engine engine) throws Exception {
        try (TranslatorFixture f = engine.fixture(SHORT)) {
            f.fake.force(Reply.json(200, engine.okBody()).stall());
            long start = System.nanoTime();
            EngineFailure e = f.failure("Hello!", "en", engine.to());
            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(e.getMessage()).endsWith("no whole answer within 600 ms of the request");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aLateAnswerIsATimeout(Engine engine) throws Exception {
        try (TranslatorFixture f = engine.fixture(SHORT)) {
            f.fake.force(Reply.json(200, engine.okBody()).delay(2_000));
            assertThat(f.failure("Hello!", "en", engine.to()).kind()).isEqualTo(Kind.TIMEOUT);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void anOversizedAnswerIsCutOff(Engine engine) throws Exception {
        try (TranslatorFixture f = engine.fixture(SHORT)) {
            f.fake.force(Reply.json(200, "{\"padding\":\"" + "x".repeat(10_000) + "\"}"));
            EngineFailure e = f.failure("Hello!", "en", engine.to());
            assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
            assertThat(e.getMessage()).endsWith("answer longer than 4096 bytes");
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void noServerIsUnreachable(Engine engine) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (TranslatorFixture f = engine.fixture(SHORT)) {
            HttpTranslator nowhere = new HttpTranslator(f.vertx, URI.create("http://127.0.0.1:" + port), Secret.ofNullable(engine.key()),
                    engine.protocol(), SHORT);
            try {
                ExecutionException e = catchThrowableOfType(ExecutionException.class,
                        () -> f.onContext(() -> nowhere.translate("Hello!", "en", engine.to())));
                assertThat(e.getCause()).isInstanceOf(EngineFailure.class);
                assertThat(((EngineFailure) e.getCause()).kind()).isEqualTo(Kind.UNREACHABLE);
            } finally {
                nowhere.close().await();
            }
        }
    }
}

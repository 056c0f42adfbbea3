package dev.callbridge.engine.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.callbridge.engine.EngineFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Apertium engine against the real thing: Debian's {@code apertium-apy} with {@code apertium-eng-spa},
 * started here on a free port (`.ci/run` installs both). English becomes Spanish and back, and an
 * uninstalled pair is refused with apy's own words.
 */
class RealApertiumTranslatesTest {
    private static ApertiumApyProcess apy;
    private static Vertx vertx;
    private static HttpTranslator translator;
    private static Context context;

    @BeforeAll
    static void startApy() throws Exception {
        apy = ApertiumApyProcess.start();
        URI root = apy.root();
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        translator = new HttpTranslator(vertx, root, null, new ApertiumApyProtocol(), HttpTranslator.Limits.DEFAULTS);
    }

    @AfterAll
    static void stopApy() throws Exception {
        if (translator != null) translator.close().await();
        if (vertx != null) vertx.close().await();
        if (apy != null) apy.close();
    }

    @Test
    void englishBecomesSpanishAndBack() throws Exception {
        Translation es = onContext(() -> translator.translate("The table is booked for eight o'clock.", "en", "es"));
        assertThat(es.text().toLowerCase()).contains("mesa").contains("ocho");
        Translation en = onContext(() -> translator.translate("Tengo una reserva para dos personas.", "es", "en"));
        assertThat(en.text().toLowerCase()).contains("reservation").contains("two");
    }

    @Test
    void aPairThatIsNotInstalledIsRefusedInApysWords() throws Exception {
        try {
            onContext(() -> translator.translate("Bonjour", "fr", "es"));
            fail("fr→es is not installed here");
        } catch (ExecutionException e) {
            EngineFailure f = (EngineFailure) e.getCause();
            assertThat(f.kind()).isEqualTo(EngineFailure.Kind.REJECTED);
            assertThat(f.getMessage()).contains("not installed");
        }
    }

    private static <T> T onContext(Supplier<Future<T>> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> call.get().onComplete(ar -> {
            if (ar.succeeded()) result.complete(ar.result());
            else result.completeExceptionally(ar.cause());
        }));
        return result.get(30, TimeUnit.SECONDS);
    }

}

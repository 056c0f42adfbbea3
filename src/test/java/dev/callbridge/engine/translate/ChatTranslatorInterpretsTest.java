package dev.callbridge.engine.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.config.Secret;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.llm.ChatCompletionsClient;
import dev.callbridge.engine.llm.ChatModelMetrics;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.llm.FakeChatCompletions.Reply;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code TRANSLATE=llm}: the model is asked to interpret (languages named, names and numbers kept,
 * nothing but the translation), its streamed text is the translation, and every way it can go
 * wrong is a {@code TRANSLATE} failure: the chat API's refusals, no whole answer in time, a rambling
 * answer, an empty one.
 */
class ChatTranslatorInterpretsTest {
    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final FakeChatCompletions fake = FakeChatCompletions.start(vertx).await();
    private final ChatCompletionsClient chat = new ChatCompletionsClient(vertx, new ChatCompletionsClient.Settings(URI.create(fake.baseUrl()),
            Secret.ofNullable("sk-translate-0123"), "gpt-4o-mini", false, ChatCompletionsClient.Limits.DEFAULTS), ChatModelMetrics.NONE);
    private final ChatTranslator translator = new ChatTranslator(vertx, chat, Duration.ofMillis(1500));

    @AfterEach
    void close() throws Exception {
        chat.close().await();
        fake.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private Translation translate(String text, String from, String to) throws Exception {
        CompletableFuture<Translation> result = new CompletableFuture<>();
        context.runOnContext(v -> translator.translate(text, from, to).onComplete(ar -> {
            if (Vertx.currentContext() != context) result.completeExceptionally(new AssertionError("completed off the caller's context"));
            else if (ar.succeeded()) result.complete(ar.result());
            else result.completeExceptionally(ar.cause());
        }));
        return result.get(15, TimeUnit.SECONDS);
    }

    private EngineFailure failure(String text) throws Exception {
        try {
            throw new AssertionError("expected a failure, got " + translate(text, "en", "es"));
        } catch (ExecutionException e) {
            EngineFailure failure = (EngineFailure) e.getCause();
            assertThat(failure.engine()).isEqualTo(Engine.TRANSLATE);
            assertThat(failure.getMessage()).doesNotContain("sk-translate-0123").doesNotContain("\n");
            return failure;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void theStreamedTextIsTheTranslation(long seed) throws Exception {
        fake.enqueue(Reply.stream(seed).text(" Mi número es ", "el 555", "-0199.\n").finish("stop"));
        Translation t = translate("My number is 555-0199.", "en", "es");
        assertThat(t.text()).isEqualTo("Mi número es el 555-0199.");
        assertThat(t.engine()).isEqualTo("llm");
        JsonNode messages = fake.served().get(0).body().get("messages");
        assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).get("content").asText()).contains("from English into Spanish", "Keep names, numbers",
                "Reply with the translation only");
        assertThat(messages.get(1).get("content").asText()).isEqualTo("My number is 555-0199.");
        assertThat(fake.served().get(0).body().has("tools")).isFalse();
    }

    @Test
    void aRegionIsNamedToTheModel() {
        assertThat(ChatTranslator.name("pt-BR")).isEqualTo("Portuguese (BR)");
        assertThat(ChatTranslator.name("qx")).isEqualTo("qx");
    }

    @Test
    void theChatApisRefusalIsATranslateFailure() throws Exception {
        fake.enqueue(Reply.status(429, Reply.openAiError("Rate limit reached", "requests", "rate_limit_exceeded")).header("Retry-After", "2"));
        EngineFailure e = failure("Hello");
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void noWholeAnswerInTimeIsATimeout() throws Exception {
        fake.enqueue(Reply.stream(4).text("Hola").pause(800).text(" y").pause(800).text(" adiós").finish("stop"));
        EngineFailure e = failure("Hello and goodbye");
        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("Translation model: no whole answer within 1500 ms of the request");
    }

    @Test
    void aRamblingAnswerIsCutOff() throws Exception {
        fake.enqueue(Reply.stream(5).text("Hola. ", "Note: ".repeat(100), "more").finish("stop"));
        EngineFailure e = failure("Hi");
        assertThat(e.kind()).isEqualTo(Kind.TOO_LONG);
        assertThat(e.getMessage()).startsWith("Translation model: answer longer than 220 characters");
    }

    @Test
    void anEmptyAnswerIsAFailure() throws Exception {
        fake.enqueue(Reply.stream(6).text("  ").finish("stop"));
        assertThat(failure("Hello").kind()).isEqualTo(Kind.PROTOCOL);
    }
}

package dev.callbridge.engine.llm;

import dev.callbridge.config.Secret;
import dev.callbridge.engine.FunctionTool;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real {@link ChatCompletionsClient} against a {@link FakeChatCompletions} on loopback, for one test class. */
final class ChatModelFixture implements AutoCloseable {
    static final String KEY = "sk-test-0123456789abcdef";

    final Vertx vertx = Vertx.vertx();
    final FakeChatCompletions fake = FakeChatCompletions.start(vertx).await();
    final ChatCompletionsClient client;
    /** The context every stream starts on: a call's event loop stands in here. */
    final Context context = vertx.getOrCreateContext();

    ChatModelFixture() {
        this(ChatCompletionsClient.Limits.DEFAULTS);
    }

    ChatModelFixture(ChatCompletionsClient.Limits limits) {
        client = new ChatCompletionsClient(vertx, new ChatCompletionsClient.Settings(URI.create(fake.baseUrl()),
                Secret.ofNullable(KEY), "gpt-4o-mini", true, limits), ChatModelMetrics.NONE);
    }

    static List<ChatMessage> hello() {
        return List.of(new ChatMessage.SystemPrompt("You are a phone agent."), new ChatMessage.User("Hello?"));
    }

    /** Starts a stream on {@link #context} and returns its recorder and handle once started. */
    Started start(List<ChatMessage> messages, List<FunctionTool> tools) {
        ChatRecorder recorder = new ChatRecorder();
        recorder.expected = context;
        CompletableFuture<ChatStream> stream = new CompletableFuture<>();
        context.runOnContext(v -> stream.complete(client.stream(messages, tools, recorder)));
        return new Started(recorder, stream.join());
    }

    record Started(ChatRecorder recorder, ChatStream stream) {}

    @Override
    public void close() throws Exception {
        client.close().await();
        fake.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}

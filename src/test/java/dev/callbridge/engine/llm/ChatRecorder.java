package dev.callbridge.engine.llm;

import dev.callbridge.engine.EngineFailure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what a {@link ChatListener} hears as a timeline ({@code text Hello}, {@code tool call_1 f {}},
 * {@code end STOP}, {@code failure RATE_LIMITED}), checks every callback runs on the context that
 * started the stream, and counts callbacks that come after the end or after a cancel.
 */
final class ChatRecorder implements ChatListener {
    final List<String> timeline = new CopyOnWriteArrayList<>();
    final List<ToolCall> toolCalls = new CopyOnWriteArrayList<>();
    final StringBuilder text = new StringBuilder();
    final CompletableFuture<ChatEnd> ended = new CompletableFuture<>();
    final CompletableFuture<EngineFailure> failed = new CompletableFuture<>();
    volatile Context expected;
    volatile String wrongContext;
    volatile int afterTheEnd;
    /** Runs inside every {@link #onText}, after it is recorded: a test cancels from here. */
    volatile Runnable onEachText = () -> { };

    @Override
    public void onText(String delta) {
        check("text");
        synchronized (text) {
            text.append(delta);
        }
        timeline.add("text " + delta);
        onEachText.run();
    }

    @Override
    public void onToolCall(ToolCall call) {
        check("tool");
        toolCalls.add(call);
        timeline.add("tool " + call.id() + " " + call.name() + " " + call.arguments());
    }

    @Override
    public void onEnd(ChatEnd end) {
        check("end");
        timeline.add("end " + end.reason());
        ended.complete(end);
    }

    @Override
    public void onFailure(EngineFailure failure) {
        check("failure");
        timeline.add("failure " + failure.kind());
        failed.complete(failure);
    }

    String text() {
        synchronized (text) {
            return text.toString();
        }
    }

    private void check(String what) {
        if (Vertx.currentContext() != expected) wrongContext = what + " on " + Thread.currentThread().getName();
        if (ended.isDone() || failed.isDone()) afterTheEnd++;
    }
}

package dev.callbridge.agent.pipeline;

import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.FunctionTool;
import dev.callbridge.engine.llm.ChatEnd;
import dev.callbridge.engine.llm.ChatListener;
import dev.callbridge.engine.llm.ChatMessage;
import dev.callbridge.engine.llm.ChatModel;
import dev.callbridge.engine.llm.ChatStream;
import dev.callbridge.engine.llm.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * One response of the text model as it streams: its text cut into pieces to speak, its tool calls,
 * and its timing (the first piece is what the caller waits for). A transient failure before anything
 * arrived is retried once with the same request; the subclass decides what pieces, the end and a
 * failure mean for the call. On the call's context.
 */
abstract class ModelAnswer implements ChatListener {
    final PipelineAgent.Turn turn;
    final Reply reply;
    final List<ToolCall> toolCalls = new ArrayList<>();
    /** The answer's message in the history, once the model has finished it. */
    ChatMessage.Assistant historyEntry;
    /** The model has finished (or the answer was cancelled): no more pieces. */
    boolean done;
    /** From the request to its first whole piece or tool call. */
    long firstPieceNanos;

    private final ChatModel llm;
    private final EngineBreaker breaker;
    private final SentenceSplitter splitter;
    private final List<String> pieces = new ArrayList<>();
    private List<ChatMessage> messages;
    private List<FunctionTool> tools;
    private ChatStream stream;
    private long startedNanos;
    private boolean anything;
    private boolean retried;

    ModelAnswer(PipelineAgent.Turn turn, ChatModel llm, EngineBreaker breaker, SentenceSplitter splitter, Reply reply) {
        this.turn = turn;
        this.llm = llm;
        this.breaker = breaker;
        this.splitter = splitter;
        this.reply = reply;
    }

    /** Sends the request; the caller has taken the breaker's permit. */
    abstract void ask();

    /** The model finished its answer: all pieces and tool calls are in. */
    abstract void ended();

    /** The model failed past the one retry. */
    abstract void failedFor(EngineFailure failure);

    final void start(List<ChatMessage> messages, List<FunctionTool> tools) {
        this.messages = messages;
        this.tools = tools;
        startedNanos = System.nanoTime();
        stream = llm.stream(messages, tools, this);
    }

    /** A whole piece of the answer, ready to speak. */
    void piece(String text) {
        if (firstPieceNanos == 0) firstPieceNanos = Math.max(1, System.nanoTime() - startedNanos);
        pieces.add(text);
    }

    /** The answer's pieces so far, as they are spoken. */
    final String text() {
        return String.join(" ", pieces);
    }

    /** Stops the stream, if still going; nothing more arrives. */
    final void cancel() {
        done = true;
        if (stream != null) {
            stream.cancel();
            stream = null;
            breaker.cancelled();
        }
    }

    @Override
    public final void onText(String delta) {
        anything = true;
        for (String p : splitter.feed(delta)) piece(p);
    }

    @Override
    public final void onToolCall(ToolCall call) {
        anything = true;
        if (firstPieceNanos == 0) firstPieceNanos = Math.max(1, System.nanoTime() - startedNanos);
        toolCalls.add(call);
    }

    @Override
    public final void onEnd(ChatEnd end) {
        stream = null;
        breaker.succeeded(startedNanos);
        for (String p : splitter.flush()) piece(p);
        done = true;
        ended();
    }

    @Override
    public final void onFailure(EngineFailure failure) {
        stream = null;
        breaker.failed(startedNanos, failure);
        if (failure.isTransient() && !anything && !retried && breaker.permit()) {
            retried = true;
            start(messages, tools);
            return;
        }
        done = true;
        failedFor(failure);
    }
}

package dev.callbridge.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.agent.AgentTool;
import dev.callbridge.agent.CallContext;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStats;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import dev.callbridge.call.TranscriptEntry;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.FunctionTool;
import dev.callbridge.engine.llm.ChatEnd;
import dev.callbridge.engine.llm.ChatListener;
import dev.callbridge.engine.llm.ChatMessage;
import dev.callbridge.engine.llm.ChatModel;
import dev.callbridge.engine.llm.ToolCall;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Answers a written conversation with the voice pipeline's text model, instructions and HTTP tools:
 * the history in, one reply's text out, after as many tool rounds as the model asks for (bounded).
 * Runs on one Vert.x context, which {@link ChatModel} requires.
 */
public final class TextAgent {
    /** A model that keeps calling tools is cut off here, and what it wrote so far (or nothing) is the answer. */
    static final int MAX_TOOL_ROUNDS = 4;

    private final ChatModel model;
    private final String instructions;
    private final List<AgentTool> tools;
    private final List<FunctionTool> definitions;

    /** @param tools the operator's HTTP tools ({@code AGENT_TOOLS_FILE}); the call-control built-ins make no sense here */
    public TextAgent(ChatModel model, String instructions, List<AgentTool> tools) {
        this.model = model;
        this.instructions = instructions;
        this.tools = List.copyOf(tools);
        this.definitions = tools.stream().map(AgentTool::definition).toList();
    }

    /** The system prompt: the operator's instructions, told that this conversation is written. */
    String systemPrompt() {
        String base = instructions == null || instructions.isBlank() ? "You are a helpful assistant." : instructions.strip();
        return base + " You are answering WhatsApp messages in writing: reply in short plain text, in the customer's language.";
    }

    /**
     * The reply to the conversation's last message.
     *
     * @param history the conversation so far, oldest first: {@link ChatMessage.User} and {@link ChatMessage.Assistant} only
     */
    public Future<String> reply(Context context, List<ChatMessage> history) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(new ChatMessage.SystemPrompt(systemPrompt()));
        messages.addAll(history);
        Promise<String> done = Promise.promise();
        context.runOnContext(v -> round(context, messages, 0, done));
        return done.future();
    }

    private void round(Context context, List<ChatMessage> messages, int round, Promise<String> done) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        model.stream(List.copyOf(messages), round < MAX_TOOL_ROUNDS ? definitions : List.of(), new ChatListener() {
            @Override
            public void onText(String delta) {
                text.append(delta);
            }

            @Override
            public void onToolCall(ToolCall call) {
                calls.add(call);
            }

            @Override
            public void onEnd(ChatEnd end) {
                if (calls.isEmpty()) {
                    if (text.toString().isBlank()) done.fail(new IllegalStateException("the model answered nothing"));
                    else done.complete(text.toString().strip());
                    return;
                }
                messages.add(new ChatMessage.Assistant(text.isEmpty() ? null : text.toString(), calls));
                runTools(context, calls).onComplete(results -> {
                    messages.addAll(results.result());
                    round(context, messages, round + 1, done);
                });
            }

            @Override
            public void onFailure(EngineFailure failure) {
                done.fail(new IllegalStateException("the model failed: " + failure.getMessage()));
            }
        });
    }

    /** Each call's result in order; an unknown tool or bad arguments are told to the model, never thrown. */
    private Future<List<ChatMessage>> runTools(Context context, List<ToolCall> calls) {
        List<Future<ChatMessage>> results = new ArrayList<>();
        for (ToolCall call : calls) {
            AgentTool tool = tools.stream().filter(t -> t.definition().name().equals(call.name())).findFirst().orElse(null);
            if (tool == null) {
                results.add(Future.succeededFuture(new ChatMessage.ToolResult(call.id(), "{\"error\":\"no tool named " + call.name() + "\"}")));
                continue;
            }
            JsonNode arguments;
            try {
                arguments = CallJson.mapper().readTree(call.arguments());
            } catch (Exception e) {
                results.add(Future.succeededFuture(new ChatMessage.ToolResult(call.id(), "{\"error\":\"arguments are not valid JSON\"}")));
                continue;
            }
            results.add(tool.call(arguments, new NoCall(context))
                    .map(r -> (ChatMessage) new ChatMessage.ToolResult(call.id(), r.output()))
                    .otherwise(e -> new ChatMessage.ToolResult(call.id(), "{\"error\":\"the tool failed\"}")));
        }
        return Future.all(results).map(all -> all.<ChatMessage>list());
    }

    /** What an HTTP tool is given outside a call: no record (its {@code callId} is null), no legs. */
    private record NoCall(Context context) implements CallContext {
        @Override public CallRecord record() { return null; }
        @Override public List<Leg> legs() { return List.of(); }
        @Override public long elapsedMs() { return 0; }
        @Override public TranscriptEntry transcribe(Direction d, TranscriptEntry.Speaker s, TranscriptEntry.Kind k, String text,
                                                    Long startMs, Long endMs, boolean interrupted) {
            throw new UnsupportedOperationException("a WhatsApp conversation has no transcript");
        }
        @Override public void toolInvoked(String name, Map<String, Object> arguments, Object result, long latencyMs) { }
        @Override public void reportStats(CallStats stats) { }
        @Override public void error(String code, String message) { }
        @Override public void hangup(EndReason reason) { }
    }
}

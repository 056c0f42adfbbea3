package dev.callbridge.followup;

import dev.callbridge.call.TranscriptEntry;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.llm.ChatEnd;
import dev.callbridge.engine.llm.ChatListener;
import dev.callbridge.engine.llm.ChatMessage;
import dev.callbridge.engine.llm.ChatModel;
import dev.callbridge.engine.llm.ChatStream;
import dev.callbridge.engine.llm.ToolCall;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Has the pipeline's text model write the few sentences a caller gets on WhatsApp after the call,
 * from what was said: the caller's words, and the agent's as the caller heard them (an
 * interrupted answer's text is only what was heard). The operator's instructions go along, so the
 * summary knows whose business it speaks for. Runs the model on its own context, as it requires.
 */
public final class CallSummaryWriter {
    private final ChatModel model;
    private final String instructions;
    private final Context context;
    private final Duration timeout;

    public CallSummaryWriter(ChatModel model, String instructions, Context context, Duration timeout) {
        this.model = model;
        this.instructions = instructions;
        this.context = context;
        this.timeout = timeout;
    }

    /** The summary's text, or a failure when the model fails, answers nothing or takes longer than the timeout. */
    public Future<String> summarize(String language, List<TranscriptEntry> transcript) {
        List<ChatMessage> messages = List.of(new ChatMessage.SystemPrompt(systemPrompt(language)), new ChatMessage.User(transcriptText(transcript)));
        Promise<String> done = Promise.promise();
        context.runOnContext(v -> {
            StringBuilder text = new StringBuilder();
            ChatStream stream = model.stream(messages, List.of(), new ChatListener() {
                @Override
                public void onText(String delta) {
                    text.append(delta);
                }

                @Override
                public void onToolCall(ToolCall call) {
                    // none offered: ignored
                }

                @Override
                public void onEnd(ChatEnd end) {
                    if (text.toString().isBlank()) done.tryFail("the model wrote no summary");
                    else done.tryComplete(text.toString().strip());
                }

                @Override
                public void onFailure(EngineFailure failure) {
                    done.tryFail("the model failed: " + failure.getMessage());
                }
            });
            long timer = context.owner().setTimer(timeout.toMillis(), id -> {
                if (done.tryFail("the model wrote no summary within " + timeout.toSeconds() + " s")) stream.cancel();
            });
            done.future().onComplete(ar -> context.owner().cancelTimer(timer));
        });
        return done.future();
    }

    String systemPrompt(String language) {
        String lang = language == null || language.isBlank() ? "the language the caller spoke" : "the language with code '" + language + "'";
        String business = instructions == null || instructions.isBlank() ? ""
                : " The agent on the call was instructed as follows (for context only): \"" + instructions.strip() + "\"";
        return "You write the WhatsApp message a caller receives after a phone call with an AI agent. Summarize in at most three"
                + " short sentences what the caller asked and what was answered or agreed, addressed to the caller (\"you\"), in "
                + lang + ". Plain text on one line: no greeting, no sign-off, no lists, no markdown. Do not invent anything that was"
                + " not said." + business;
    }

    static String transcriptText(List<TranscriptEntry> transcript) {
        return transcript.stream()
                .filter(CallSummaryOutbox::said)
                .map(e -> who(e.speaker()) + ": " + e.text().strip())
                .collect(Collectors.joining("\n", "The call's transcript:\n", ""));
    }

    private static String who(TranscriptEntry.Speaker speaker) {
        return switch (speaker) {
            case CALLER -> "Caller";
            case AGENT -> "Agent";
            case SYSTEM -> "System";
            case A, B -> "Party " + speaker.name().toUpperCase(Locale.ROOT);
        };
    }
}

package dev.callbridge.agent.pipeline;

import dev.callbridge.engine.llm.ChatMessage;
import dev.callbridge.engine.llm.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The conversation as the caller experienced it, for the text model: what they said, what the agent
 * said and they heard (an answer cut off keeps only its heard words, with nothing appended), and each
 * tool call with its result. The system prompt is built fresh for each request, so a language switch
 * mid-call takes effect on the next answer.
 *
 * <p>Only the newest {@value #MAX_MESSAGES} messages are sent; older ones are dropped whole, never a
 * tool result without the call that asked for it.
 */
final class PipelineHistory {
    static final int MAX_MESSAGES = 200;

    private final String instructions;
    private final List<ChatMessage> messages = new ArrayList<>();

    PipelineHistory(String instructions) {
        this.instructions = instructions;
    }

    void caller(String text) {
        add(new ChatMessage.User(text));
    }

    /** An answer the agent spoke and any tool calls it made; returns the message for {@link #heard}, or null when empty. */
    ChatMessage.Assistant agent(String text, List<ToolCall> toolCalls) {
        String words = text == null || text.isBlank() ? null : text.strip();
        if (words == null && toolCalls.isEmpty()) return null;
        ChatMessage.Assistant m = new ChatMessage.Assistant(words, toolCalls);
        add(m);
        return m;
    }

    void toolResult(String callId, String output) {
        add(new ChatMessage.ToolResult(callId, output));
    }

    /** The caller cut off {@code answer}: it keeps only the words they heard (removed if none and no tool calls). */
    void heard(ChatMessage.Assistant answer, String heardWords) {
        int index = answer == null ? -1 : messages.lastIndexOf(answer);
        if (index < 0) return;
        ChatMessage.Assistant a = answer;
        String words = heardWords == null || heardWords.isBlank() ? null : heardWords.strip();
        if (words == null && a.toolCalls().isEmpty()) messages.remove(index);
        else messages.set(index, new ChatMessage.Assistant(words, a.toolCalls()));
    }

    /** The request for the next answer: the system prompt for {@code language}, then the conversation. */
    List<ChatMessage> request(String language) {
        List<ChatMessage> out = new ArrayList<>(messages.size() + 1);
        out.add(new ChatMessage.SystemPrompt(systemPrompt(language)));
        out.addAll(messages);
        return out;
    }

    int size() {
        return messages.size();
    }

    private String systemPrompt(String language) {
        String base = instructions == null || instructions.isBlank() ? "You are a helpful voice assistant on a phone call." : instructions.strip();
        String rules = " Your words are spoken aloud on a phone call: answer in short spoken sentences, with no lists, markdown or emoji.";
        if (language == null || language.isBlank()) return base + rules;
        Locale locale = Locale.forLanguageTag(language);
        String name = locale.getDisplayLanguage(Locale.ENGLISH);
        return base + rules + " The caller speaks " + (name.isEmpty() ? language : name) + " (" + language
                + "); always answer in that language.";
    }

    private void add(ChatMessage m) {
        messages.add(m);
        while (messages.size() > MAX_MESSAGES) {
            messages.remove(0);
            // A tool result must follow the call that asked for it: drop orphans at the front too.
            while (!messages.isEmpty() && messages.get(0) instanceof ChatMessage.ToolResult) messages.remove(0);
        }
    }
}

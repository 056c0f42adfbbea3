package dev.callbridge.engine.openai;

import java.util.List;
import java.util.Objects;

/**
 * A conversation item as the server reports it in {@code conversation.item.*} and in
 * {@code response.done}'s output. Only what the agent uses is kept: ids and role to track
 * turns, the function call fields to run tools, and the text/transcript of content parts to
 * rebuild history on session rollover. Fields absent on the wire are {@code null} (the id too:
 * the protocol notes show function call items without one).
 *
 * @param type      {@code message}, {@code function_call}, {@code function_call_output}, …
 * @param role      {@code user}, {@code assistant} or {@code system} for messages
 * @param status    {@code completed}, {@code incomplete}, {@code in_progress}
 * @param arguments function call arguments as JSON text, exactly as sent
 */
public record RealtimeItem(String id, String type, String role, String status, String callId, String name,
                           String arguments, String output, List<ContentPart> content) {

    public RealtimeItem {
        Objects.requireNonNull(type, "type");
        content = content == null ? List.of() : List.copyOf(content);
    }

    /**
     * One content part; audio bytes are left out (the agent already relayed them as deltas).
     *
     * @param type       {@code input_text}, {@code input_audio}, {@code output_text}, {@code output_audio}, …
     * @param text       for text parts
     * @param transcript for audio parts, once known
     */
    public record ContentPart(String type, String text, String transcript) {
        public ContentPart {
            Objects.requireNonNull(type, "type");
        }
    }

    /** A message with one text part, e.g. history replayed into a new session. */
    public static RealtimeItem message(String id, String role, String partType, String text) {
        return new RealtimeItem(id, "message", role, null, null, null, null, null, List.of(new ContentPart(partType, text, null)));
    }

    public static RealtimeItem functionCall(String id, String callId, String name, String arguments) {
        return new RealtimeItem(id, "function_call", null, null, callId, name, arguments, null, List.of());
    }

    public static RealtimeItem functionCallOutput(String id, String callId, String output) {
        return new RealtimeItem(id, "function_call_output", null, null, callId, null, null, output, List.of());
    }

    /** The text of the first content part that has any: its text, or an audio part's transcript. */
    public String firstText() {
        for (ContentPart part : content) {
            if (part.text() != null) return part.text();
            if (part.transcript() != null) return part.transcript();
        }
        return null;
    }

    public boolean isFunctionCall() {
        return "function_call".equals(type);
    }
}

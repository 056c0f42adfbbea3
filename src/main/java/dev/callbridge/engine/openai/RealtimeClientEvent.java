package dev.callbridge.engine.openai;

import java.util.Base64;
import java.util.Objects;

/**
 * The client→server events the realtime agent sends (protocols/openai-realtime.md, section 3),
 * in their GA shapes. {@code eventId} is the optional client-chosen {@code event_id} (null =
 * omitted); the server echoes it in an {@code error} this event caused.
 */
public sealed interface RealtimeClientEvent {

    /** The {@code type} value on the wire. */
    String type();

    String eventId();

    record SessionUpdate(String eventId, RealtimeSessionConfig session) implements RealtimeClientEvent {
        public SessionUpdate { Objects.requireNonNull(session, "session"); }
        public String type() { return "session.update"; }
    }

    /**
     * Caller audio in the session's input format, held as base64 text: when the leg already has
     * base64 μ-law (Twilio) it goes out exactly as received, with no decode/encode round trip.
     */
    record InputAudioAppend(String eventId, String audioBase64) implements RealtimeClientEvent {
        public InputAudioAppend { Objects.requireNonNull(audioBase64, "audioBase64"); }

        /** Pre-encoded base64 text, sent unchanged. */
        public static InputAudioAppend ofBase64(String audioBase64) {
            return new InputAudioAppend(null, audioBase64);
        }

        /** Raw samples, encoded once here. */
        public static InputAudioAppend ofBytes(byte[] audio) {
            return new InputAudioAppend(null, Base64.getEncoder().encodeToString(audio));
        }

        public String type() { return "input_audio_buffer.append"; }

        @Override
        public String toString() {
            return "InputAudioAppend[eventId=" + eventId + ", audio=" + audioBase64.length() + " base64 chars]";
        }
    }

    /** Only needed with turn detection off; server VAD commits by itself. */
    record InputAudioCommit(String eventId) implements RealtimeClientEvent {
        public String type() { return "input_audio_buffer.commit"; }
    }

    record InputAudioClear(String eventId) implements RealtimeClientEvent {
        public String type() { return "input_audio_buffer.clear"; }
    }

    /**
     * Asks for a response. {@code instructions} (null = the session's) overrides them for this
     * response only, e.g. to speak the greeting.
     */
    record ResponseCreate(String eventId, String instructions) implements RealtimeClientEvent {
        public String type() { return "response.create"; }
    }

    /** {@code responseId} null = the in-flight response. */
    record ResponseCancel(String eventId, String responseId) implements RealtimeClientEvent {
        public String type() { return "response.cancel"; }
    }

    /**
     * Barge-in: cuts assistant item {@code itemId} (and its transcript) at what the caller heard.
     * {@code audioEndMs} must not exceed the audio the item has.
     */
    record ItemTruncate(String eventId, String itemId, int contentIndex, long audioEndMs) implements RealtimeClientEvent {
        public ItemTruncate {
            Objects.requireNonNull(itemId, "itemId");
            if (contentIndex < 0 || audioEndMs < 0) {
                throw new IllegalArgumentException("contentIndex and audioEndMs must be >= 0, were "
                        + contentIndex + " and " + audioEndMs);
            }
        }

        public String type() { return "conversation.item.truncate"; }
    }

    /**
     * Adds an item to the conversation: how history is carried into a fresh session. The item
     * keeps its id (clients may choose ids), so the new session reports it under the same name.
     * {@code previousItemId} null = append, "root" = first. Only what the writer knows of the
     * item goes out: id, type, role, call fields and text parts.
     */
    record CreateItem(String eventId, String previousItemId, RealtimeItem item) implements RealtimeClientEvent {
        public CreateItem { Objects.requireNonNull(item, "item"); }
        public String type() { return "conversation.item.create"; }

        /** What the caller said, as text ({@code input_text}). */
        public static CreateItem userText(String itemId, String text) {
            return new CreateItem(null, null, RealtimeItem.message(itemId, "user", "input_text", text));
        }

        /** What the assistant said ({@code output_text}). */
        public static CreateItem assistantText(String itemId, String text) {
            return new CreateItem(null, null, RealtimeItem.message(itemId, "assistant", "output_text", text));
        }
    }

    /** Asks for an item as the server now holds it, e.g. an answer's transcript after a truncate. */
    record ItemRetrieve(String eventId, String itemId) implements RealtimeClientEvent {
        public ItemRetrieve { Objects.requireNonNull(itemId, "itemId"); }
        public String type() { return "conversation.item.retrieve"; }
    }

    /** A tool's result; the server does not respond to it until a {@link ResponseCreate}. */
    record CreateFunctionCallOutput(String eventId, String callId, String output) implements RealtimeClientEvent {
        public CreateFunctionCallOutput {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(output, "output");
        }

        public String type() { return "conversation.item.create"; }
    }
}

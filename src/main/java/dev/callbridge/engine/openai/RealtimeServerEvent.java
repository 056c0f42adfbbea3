package dev.callbridge.engine.openai;

import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The server→client events of the GA Realtime API (protocols/openai-realtime.md, section 4)
 * that the realtime agent acts on. Every other {@code type} decodes to {@link Other}, so a new
 * server event never breaks a call. {@code eventId} is the server's {@code event_id}, or
 * {@code null} when absent; other optional fields are {@code null} (strings) or {@code -1}
 * (indices, milliseconds) when absent.
 */
public sealed interface RealtimeServerEvent {

    /** The {@code type} value on the wire (the GA name, also for events decoded from a beta alias). */
    String type();

    /** @param sessionJson the full {@code session} object as JSON text, for logging and diagnostics */
    record SessionCreated(String eventId, String sessionId, String model, String sessionJson)
            implements RealtimeServerEvent {
        public String type() { return "session.created"; }
    }

    /** The full effective configuration after a {@code session.update}. */
    record SessionUpdated(String eventId, String sessionId, String model, String sessionJson)
            implements RealtimeServerEvent {
        public String type() { return "session.updated"; }
    }

    /** Barge-in trigger; {@code audioStartMs} counts from the session's first input audio. */
    record SpeechStarted(String eventId, long audioStartMs, String itemId) implements RealtimeServerEvent {
        public SpeechStarted { Objects.requireNonNull(itemId, "itemId"); }
        public String type() { return "input_audio_buffer.speech_started"; }
    }

    record SpeechStopped(String eventId, long audioEndMs, String itemId) implements RealtimeServerEvent {
        public SpeechStopped { Objects.requireNonNull(itemId, "itemId"); }
        public String type() { return "input_audio_buffer.speech_stopped"; }
    }

    /** The user's audio became item {@code itemId}; {@code previousItemId} may be null. */
    record AudioBufferCommitted(String eventId, String itemId, String previousItemId) implements RealtimeServerEvent {
        public AudioBufferCommitted { Objects.requireNonNull(itemId, "itemId"); }
        public String type() { return "input_audio_buffer.committed"; }
    }

    /** {@code conversation.item.added}; the beta name {@code conversation.item.created} decodes here too. */
    record ItemAdded(String eventId, String previousItemId, RealtimeItem item) implements RealtimeServerEvent {
        public ItemAdded { Objects.requireNonNull(item, "item"); }
        public String type() { return "conversation.item.added"; }
    }

    /** The item is final (content and transcript complete). */
    record ItemDone(String eventId, String previousItemId, RealtimeItem item) implements RealtimeServerEvent {
        public ItemDone { Objects.requireNonNull(item, "item"); }
        public String type() { return "conversation.item.done"; }
    }

    /** Answer to {@code conversation.item.retrieve}: the item as the server holds it now (truncated transcript included). */
    record ItemRetrieved(String eventId, RealtimeItem item) implements RealtimeServerEvent {
        public ItemRetrieved { Objects.requireNonNull(item, "item"); }
        public String type() { return "conversation.item.retrieved"; }
    }

    record ResponseCreated(String eventId, String responseId, String status) implements RealtimeServerEvent {
        public ResponseCreated { Objects.requireNonNull(responseId, "responseId"); }
        public String type() { return "response.created"; }
    }

    /**
     * One chunk of model audio. {@code delta} is the base64 text exactly as received, so μ-law
     * can go to Twilio without a decode/encode round trip; {@link #decodeAudio()} gives the bytes
     * when they are needed (transcoding, RTP). The beta name {@code response.audio.delta} decodes
     * here too, as the protocol notes advise.
     */
    record OutputAudioDelta(String eventId, String responseId, String itemId, int outputIndex, int contentIndex,
                            String delta) implements RealtimeServerEvent {
        public OutputAudioDelta {
            Objects.requireNonNull(responseId, "responseId");
            Objects.requireNonNull(itemId, "itemId");
            Objects.requireNonNull(delta, "delta");
        }

        public String type() { return "response.output_audio.delta"; }

        /**
         * Decodes on each call; the codec does not validate the base64 up front so that
         * pass-through pays nothing for it.
         *
         * @throws RealtimeProtocolException {@code BAD_BASE64} when {@code delta} is not base64
         */
        public byte[] decodeAudio() {
            try {
                return Base64.getDecoder().decode(delta);
            } catch (IllegalArgumentException e) {
                throw new RealtimeProtocolException(RealtimeProtocolException.Kind.BAD_BASE64,
                        "response.output_audio.delta: delta: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "OutputAudioDelta[responseId=" + responseId + ", itemId=" + itemId + ", outputIndex=" + outputIndex
                    + ", contentIndex=" + contentIndex + ", delta=" + delta.length() + " base64 chars]";
        }
    }

    record OutputAudioDone(String eventId, String responseId, String itemId, int outputIndex, int contentIndex)
            implements RealtimeServerEvent {
        public String type() { return "response.output_audio.done"; }
    }

    record OutputTranscriptDelta(String eventId, String responseId, String itemId, int outputIndex,
                                 int contentIndex, String delta) implements RealtimeServerEvent {
        public OutputTranscriptDelta { Objects.requireNonNull(delta, "delta"); }
        public String type() { return "response.output_audio_transcript.delta"; }
    }

    /** What the model said in full (not what the caller heard: truncation may cut it). */
    record OutputTranscriptDone(String eventId, String responseId, String itemId, int outputIndex,
                                int contentIndex, String transcript) implements RealtimeServerEvent {
        public OutputTranscriptDone { Objects.requireNonNull(transcript, "transcript"); }
        public String type() { return "response.output_audio_transcript.done"; }
    }

    record InputTranscriptionDelta(String eventId, String itemId, int contentIndex, String delta)
            implements RealtimeServerEvent {
        public InputTranscriptionDelta { Objects.requireNonNull(delta, "delta"); }
        public String type() { return "conversation.item.input_audio_transcription.delta"; }
    }

    /** May arrive after the response to this turn has started. */
    record InputTranscriptionCompleted(String eventId, String itemId, int contentIndex, String transcript)
            implements RealtimeServerEvent {
        public InputTranscriptionCompleted {
            Objects.requireNonNull(itemId, "itemId");
            Objects.requireNonNull(transcript, "transcript");
        }

        public String type() { return "conversation.item.input_audio_transcription.completed"; }
    }

    record InputTranscriptionFailed(String eventId, String itemId, int contentIndex, ErrorDetails error)
            implements RealtimeServerEvent {
        public InputTranscriptionFailed { Objects.requireNonNull(itemId, "itemId"); }
        public String type() { return "conversation.item.input_audio_transcription.failed"; }
    }

    record FunctionCallArgumentsDelta(String eventId, String responseId, String itemId, int outputIndex,
                                      String callId, String delta) implements RealtimeServerEvent {
        public FunctionCallArgumentsDelta { Objects.requireNonNull(delta, "delta"); }
        public String type() { return "response.function_call_arguments.delta"; }
    }

    /** Also sent when the response was cancelled mid-call; {@code arguments} is JSON text as sent. */
    record FunctionCallArgumentsDone(String eventId, String responseId, String itemId, int outputIndex,
                                     String callId, String name, String arguments) implements RealtimeServerEvent {
        public FunctionCallArgumentsDone {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(arguments, "arguments");
        }

        public String type() { return "response.function_call_arguments.done"; }
    }

    /**
     * The end of a response. {@code output} lists its items (function calls to run are there);
     * {@code statusReason} is {@code status_details.reason} ({@code turn_detected},
     * {@code client_cancelled}, {@code max_output_tokens}, …) or null; {@code usage} may be null.
     */
    record ResponseDone(String eventId, String responseId, ResponseStatus status, String statusReason,
                        List<RealtimeItem> output, Usage usage) implements RealtimeServerEvent {
        public ResponseDone {
            Objects.requireNonNull(responseId, "responseId");
            Objects.requireNonNull(status, "status");
            output = List.copyOf(output);
        }

        public String type() { return "response.done"; }

        public List<RealtimeItem> functionCalls() {
            return output.stream().filter(RealtimeItem::isFunctionCall).toList();
        }
    }

    record RateLimitsUpdated(String eventId, List<RateLimit> rateLimits) implements RealtimeServerEvent {
        public RateLimitsUpdated { rateLimits = List.copyOf(rateLimits); }
        public String type() { return "rate_limits.updated"; }
    }

    /** Most errors leave the session open. */
    record ServerError(String eventId, ErrorDetails error) implements RealtimeServerEvent {
        public ServerError { Objects.requireNonNull(error, "error"); }
        public String type() { return "error"; }
    }

    /** Any event this codec does not model, kept verbatim so it can be logged or handled later. */
    record Other(String type, String rawJson) implements RealtimeServerEvent {
        public Other {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(rawJson, "rawJson");
        }
    }

    /**
     * @param eventId the client {@code event_id} that caused the error, when the server says
     */
    record ErrorDetails(String type, String code, String message, String param, String eventId) {}

    record Usage(long totalTokens, long inputTokens, long outputTokens) {}

    /** @param name {@code requests} or {@code tokens} */
    record RateLimit(String name, long limit, long remaining, double resetSeconds) {}

    enum ResponseStatus {
        IN_PROGRESS, COMPLETED, CANCELLED, FAILED, INCOMPLETE,
        /** A status this codec does not know yet. */
        UNKNOWN;

        static ResponseStatus fromWire(String status) {
            return switch (status) {
                case "in_progress" -> IN_PROGRESS;
                case "completed" -> COMPLETED;
                case "cancelled" -> CANCELLED;
                case "failed" -> FAILED;
                case "incomplete" -> INCOMPLETE;
                default -> UNKNOWN;
            };
        }
    }
}

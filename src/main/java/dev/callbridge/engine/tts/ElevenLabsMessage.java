package dev.callbridge.engine.tts;

import dev.callbridge.engine.EngineFailure.Kind;
import java.util.Locale;

/** One text message from ElevenLabs' {@code stream-input} socket, as {@link ElevenLabsCodec} reads it. */
sealed interface ElevenLabsMessage {

    /**
     * A piece of speech in the requested {@code output_format}, decoded from base64; empty for a
     * message with no audio (the closing {@code {"isFinal":true}}, an alignment-only message).
     *
     * @param last {@code isFinal} was {@code true}: the synthesis is complete after this piece
     */
    record Audio(byte[] bytes, boolean last) implements ElevenLabsMessage {}

    /**
     * The server's error, sent just before it closes the socket:
     * {@code {"message":"…","error":"input_timeout_exceeded","code":1008}}.
     *
     * @param error   the error's name, e.g. {@code quota_exceeded}, or null
     * @param message the server's sentence, or null
     * @param code    the WebSocket close code it announces (1008 policy, 1011 internal), or 0
     */
    record ServerError(String error, String message, int code) implements ElevenLabsMessage {

        /**
         * What kind of failure this is: by the error's name where ElevenLabs documents it (its REST
         * error codes, which the socket reuses) or it was seen on the socket, else by the close code
         * it announces. See docs/protocols/elevenlabs-stream-input.md §5.
         */
        Kind kind() {
            String name = error == null ? "" : error.toLowerCase(Locale.ROOT);
            return switch (name) {
                case "invalid_api_key" -> Kind.UNAUTHORIZED;
                case "quota_exceeded", "too_many_concurrent_requests", "system_busy" -> Kind.RATE_LIMITED;
                case "voice_not_found" -> Kind.NOT_FOUND;
                case "only_for_creator+", "detected_unusual_activity" -> Kind.FORBIDDEN;
                case "max_character_limit_exceeded" -> Kind.TOO_LONG;
                case "input_timeout_exceeded" -> Kind.TIMEOUT;
                default -> code == 1011 ? Kind.SERVER_ERROR : Kind.STREAM_ERROR;
            };
        }
    }
}

package dev.callbridge.engine.openai;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Encoding;
import dev.callbridge.engine.FunctionTool;
import java.util.List;
import java.util.Objects;

/**
 * The {@code session} of a {@code session.update}. {@code session.update} changes only the
 * fields present, so {@code null} here means "leave as is" and the field is omitted; to switch
 * turn detection off, use {@link TurnDetection.Disabled} (sent as JSON null).
 *
 * @param model          usually null: the model is chosen in the URL and cannot change
 * @param instructions   system prompt; "" clears it
 * @param voice          e.g. {@code marin}; can only change before the model produced audio
 * @param transcription  input transcription, null = unchanged
 * @param tools          null = unchanged, empty = clear all tools
 */
public record RealtimeSessionConfig(String model, String instructions, String voice, RealtimeAudioFormat inputFormat,
                                    RealtimeAudioFormat outputFormat, TurnDetection turnDetection,
                                    InputTranscription transcription, List<FunctionTool> tools,
                                    ToolChoice toolChoice) {

    public RealtimeSessionConfig {
        tools = tools == null ? null : List.copyOf(tools);
    }

    /** The wire audio formats of the Realtime API. */
    public enum RealtimeAudioFormat {
        /** G.711 μ-law 8 kHz: Twilio's format, so payloads pass through untouched. */
        PCMU("audio/pcmu"),
        /** G.711 A-law 8 kHz. */
        PCMA("audio/pcma"),
        /** 16-bit little-endian PCM; the API accepts only 24 kHz. */
        PCM_24K("audio/pcm");

        private final String wireType;

        RealtimeAudioFormat(String wireType) {
            this.wireType = wireType;
        }

        public String wireType() {
            return wireType;
        }

        /** μ-law legs talk μ-law to the model (no transcoding); anything else is transcoded once to 24 kHz PCM. */
        public static RealtimeAudioFormat forLeg(AudioFormat legFormat) {
            return legFormat.encoding() == Encoding.PCMU ? PCMU : PCM_24K;
        }
    }

    public sealed interface TurnDetection {
        /** Silence-based end of turn; the documented defaults are 0.5, 300 ms, 500 ms, true, true. */
        record ServerVad(double threshold, int prefixPaddingMs, int silenceDurationMs, boolean createResponse,
                         boolean interruptResponse) implements TurnDetection {
            public static final ServerVad DEFAULTS = new ServerVad(0.5, 300, 500, true, true);
        }

        /** The model judges the end of turn; {@code eagerness} is low, medium, high or auto. */
        record SemanticVad(String eagerness, boolean createResponse, boolean interruptResponse)
                implements TurnDetection {
            public SemanticVad { Objects.requireNonNull(eagerness, "eagerness"); }
        }

        /** No server VAD: the client commits and asks for responses itself. */
        record Disabled() implements TurnDetection {}
    }

    /** @param language ISO-639-1 hint, or null to let the model detect it */
    public record InputTranscription(String model, String language) {
        public InputTranscription { Objects.requireNonNull(model, "model"); }
    }

    /** {@code auto}, {@code none}, {@code required}, or one named function. */
    public record ToolChoice(String mode, String functionName) {
        public static final ToolChoice AUTO = new ToolChoice("auto", null);
        public static final ToolChoice NONE = new ToolChoice("none", null);
        public static final ToolChoice REQUIRED = new ToolChoice("required", null);

        public ToolChoice {
            Objects.requireNonNull(mode, "mode");
            if (mode.equals("function") != (functionName != null)
                    || !List.of("auto", "none", "required", "function").contains(mode)) {
                throw new IllegalArgumentException("tool choice '" + mode + "' with function " + functionName);
            }
        }

        public static ToolChoice function(String name) {
            return new ToolChoice("function", Objects.requireNonNull(name, "name"));
        }
    }
}

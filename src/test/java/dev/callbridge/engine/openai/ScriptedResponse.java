package dev.callbridge.engine.openai;

import java.util.Objects;

/**
 * What the fake model says in one response: spoken audio with its transcript, or a function
 * call (doc §5). Immutable; the {@code with*} methods return a changed copy.
 *
 * @param audio           raw bytes already in the session's output format (μ-law for {@code audio/pcmu},
 *                        16-bit LE 24 kHz for {@code audio/pcm}); sent base64 in chunks
 * @param chunkMs         audio per {@code response.output_audio.delta}
 * @param realTime        true: one chunk per chunk duration (a model speaking live); false: as fast as
 *                        the socket takes them (the real model runs ahead of real time, doc §6)
 * @param holdAfterChunks stop after this many audio deltas (or argument deltas) until
 *                        {@link FakeRealtimeSession#resume()} or a cancel; -1 never. Makes
 *                        "cancel in the middle" deterministic without timing.
 */
record ScriptedResponse(byte[] audio, String transcript, String functionName, String arguments,
                        int chunkMs, int argumentChunks, boolean realTime, int holdAfterChunks) {

    ScriptedResponse {
        if ((audio == null) == (functionName == null)) throw new IllegalArgumentException("a scripted response is either audio or a function call");
        if (chunkMs <= 0 || argumentChunks <= 0) throw new IllegalArgumentException("chunkMs and argumentChunks must be positive");
    }

    static ScriptedResponse audio(byte[] audio, String transcript) {
        return new ScriptedResponse(audio.clone(), Objects.requireNonNull(transcript), null, null, 100, 1, false, -1);
    }

    /** {@code argumentsJson} is the JSON string the model streams in {@code response.function_call_arguments.delta}s. */
    static ScriptedResponse functionCall(String name, String argumentsJson) {
        return new ScriptedResponse(null, null, Objects.requireNonNull(name), Objects.requireNonNull(argumentsJson), 100, 3, false, -1);
    }

    boolean isFunctionCall() {
        return functionName != null;
    }

    ScriptedResponse withChunkMs(int ms) {
        return new ScriptedResponse(audio, transcript, functionName, arguments, ms, argumentChunks, realTime, holdAfterChunks);
    }

    ScriptedResponse withArgumentChunks(int n) {
        return new ScriptedResponse(audio, transcript, functionName, arguments, chunkMs, n, realTime, holdAfterChunks);
    }

    ScriptedResponse inRealTime() {
        return new ScriptedResponse(audio, transcript, functionName, arguments, chunkMs, argumentChunks, true, holdAfterChunks);
    }

    ScriptedResponse holdAfter(int chunks) {
        return new ScriptedResponse(audio, transcript, functionName, arguments, chunkMs, argumentChunks, realTime, chunks);
    }
}

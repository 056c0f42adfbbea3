package dev.callbridge.engine.openai;

import java.util.Objects;

/**
 * What the fake model says in one response: spoken audio with its transcript, a function call
 * (doc §5), or both in the same response (doc §5: "a response may contain audio and one or more
 * function calls"), each its own output item, in either order. Immutable; the {@code with*}
 * methods return a changed copy.
 *
 * @param audio           raw bytes already in the session's output format (μ-law for {@code audio/pcmu},
 *                        16-bit LE 24 kHz for {@code audio/pcm}); sent base64 in chunks; null: no audio item
 * @param functionName    the function the model calls; null: no function call item
 * @param chunkMs         audio per {@code response.output_audio.delta}
 * @param realTime        true: one chunk per chunk duration (a model speaking live); false: as fast as
 *                        the socket takes them (the real model runs ahead of real time, doc §6)
 * @param holdAfterChunks stop after this many audio deltas (or argument deltas) until
 *                        {@link FakeRealtimeSession#resume()} or a cancel; -1 never. Makes
 *                        "cancel in the middle" deterministic without timing.
 * @param callFirst       with both items: the function call is output 0 and the audio output 1
 */
record ScriptedResponse(byte[] audio, String transcript, String functionName, String arguments,
                        int chunkMs, int argumentChunks, boolean realTime, int holdAfterChunks, boolean callFirst) {

    ScriptedResponse {
        if (audio == null && functionName == null) throw new IllegalArgumentException("a scripted response needs audio, a function call or both");
        if ((audio == null) != (transcript == null)) throw new IllegalArgumentException("audio comes with its transcript");
        if ((functionName == null) != (arguments == null)) throw new IllegalArgumentException("a function call comes with its arguments");
        if (chunkMs <= 0 || argumentChunks <= 0) throw new IllegalArgumentException("chunkMs and argumentChunks must be positive");
    }

    static ScriptedResponse audio(byte[] audio, String transcript) {
        return new ScriptedResponse(audio.clone(), Objects.requireNonNull(transcript), null, null, 100, 1, false, -1, false);
    }

    /** {@code argumentsJson} is the JSON string the model streams in {@code response.function_call_arguments.delta}s. */
    static ScriptedResponse functionCall(String name, String argumentsJson) {
        return new ScriptedResponse(null, null, Objects.requireNonNull(name), Objects.requireNonNull(argumentsJson), 100, 3, false, -1, false);
    }

    boolean hasAudio() {
        return audio != null;
    }

    boolean hasFunctionCall() {
        return functionName != null;
    }

    /** Only a function call, no audio: the response the input transcription cannot be interleaved with. */
    boolean isFunctionCall() {
        return !hasAudio();
    }

    /** This audio response also calls {@code name}, as a second output item after the audio. */
    ScriptedResponse withFunctionCall(String name, String argumentsJson) {
        return new ScriptedResponse(audio, transcript, Objects.requireNonNull(name), Objects.requireNonNull(argumentsJson), chunkMs,
                argumentChunks, realTime, holdAfterChunks, callFirst);
    }

    /** With both items: the function call item comes first, the audio after it. */
    ScriptedResponse callingFirst() {
        return new ScriptedResponse(audio, transcript, functionName, arguments, chunkMs, argumentChunks, realTime, holdAfterChunks, true);
    }

    ScriptedResponse withChunkMs(int ms) {
        return new ScriptedResponse(audio, transcript, functionName, arguments, ms, argumentChunks, realTime, holdAfterChunks, callFirst);
    }

    ScriptedResponse withArgumentChunks(int n) {
        return new ScriptedResponse(audio, transcript, functionName, arguments, chunkMs, n, realTime, holdAfterChunks, callFirst);
    }

    ScriptedResponse inRealTime() {
        return new ScriptedResponse(audio, transcript, functionName, arguments, chunkMs, argumentChunks, true, holdAfterChunks, callFirst);
    }

    ScriptedResponse holdAfter(int chunks) {
        return new ScriptedResponse(audio, transcript, functionName, arguments, chunkMs, argumentChunks, realTime, chunks, callFirst);
    }
}

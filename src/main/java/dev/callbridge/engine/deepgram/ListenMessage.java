package dev.callbridge.engine.deepgram;

/**
 * What Deepgram's live {@code /v1/listen} socket sends, as JSON text messages
 * (docs/protocols/deepgram-listen.md §3). Only the fields callbridge uses are kept; the rest of
 * each message (words, confidences, model info) is read past.
 */
public sealed interface ListenMessage {

    /**
     * Text for a span of the audio. An interim result ({@code isFinal} false) is replaced by the next
     * result; a final one covers its span for good, and the utterance is the finals joined in order.
     *
     * @param transcript   {@code channel.alternatives[0].transcript}; empty for silence
     * @param isFinal      {@code is_final}; absent means false
     * @param speechFinal  {@code speech_final}: Deepgram's endpointing heard a pause here (callbridge's VAD decides instead)
     * @param fromFinalize {@code from_finalize}: this result is the answer to a {@code Finalize} (not always sent)
     * @param start        seconds from the stream's start
     * @param duration     seconds of audio this result covers
     * @param language     {@code channel.alternatives[0].languages[0]} with {@code language=multi}, else null
     */
    record Results(String transcript, boolean isFinal, boolean speechFinal, boolean fromFinalize,
                   double start, double duration, String language) implements ListenMessage {}

    /** The stream's summary, sent after {@code CloseStream} just before the server closes the socket. */
    record Metadata(String requestId, double duration) implements ListenMessage {}

    /** {@code utterance_end_ms} elapsed after the last word (sent only when asked for; callbridge does not ask). */
    record UtteranceEnd(double lastWordEnd) implements ListenMessage {}

    /** Deepgram's own VAD heard speech start (sent only with {@code vad_events=true}; callbridge does not ask). */
    record SpeechStarted(double timestamp) implements ListenMessage {}

    /** A message type this client does not know, as a newer API may add; ignored, as Deepgram's SDKs do. */
    record Unknown(String type) implements ListenMessage {}
}

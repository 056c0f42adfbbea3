package dev.callbridge.engine.tts;

/** A message from ElevenLabs that {@link ElevenLabsCodec} cannot read: a peer's fault, so no stack trace. */
final class ElevenLabsProtocolException extends RuntimeException {
    ElevenLabsProtocolException(String message) {
        super(message, null, false, false);
    }
}

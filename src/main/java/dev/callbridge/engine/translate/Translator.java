package dev.callbridge.engine.translate;

import io.vertx.core.Future;

/**
 * Text from one language to another: the live interpreter's middle seam, between the caller's
 * transcript and the speech the other party hears. Languages are ISO 639-1 codes ({@code en},
 * {@code es}), optionally with a region ({@code en-GB}, {@code pt-BR}) for engines that use it;
 * each engine maps them to its own codes.
 *
 * <p>Threading: call {@link #translate} on a Vert.x context (the call's event loop). It never blocks,
 * and the future completes later on that same context. Implementations are shared by all calls.
 *
 * <p>Cancellation: there is none. A translation is one short request whose answer takes well under
 * a second; a caller that no longer wants it (the speaker went on, the call ended) ignores the
 * late result. Every request is still bounded by the engine's timeouts, so none lingers.
 */
public interface Translator {

    /**
     * Translates one utterance.
     *
     * @return the translation, or a failed future holding an
     *         {@link dev.callbridge.engine.EngineFailure} of engine {@code TRANSLATE}
     * @throws IllegalStateException when not called on a Vert.x context
     */
    Future<Translation> translate(String text, String from, String to);

    /**
     * Whether this engine can translate {@code from} into {@code to}, for a clear error before the
     * call rather than a failure at its first sentence. Engines that publish their pairs (Apertium)
     * ask the server, once; the others answer {@code true} and let the request itself refuse.
     */
    default Future<Boolean> supports(String from, String to) {
        return Future.succeededFuture(true);
    }
}

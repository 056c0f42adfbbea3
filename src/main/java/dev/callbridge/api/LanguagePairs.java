package dev.callbridge.api;

import io.vertx.core.Future;

/**
 * Whether the configured translation engine can interpret between two languages, asked before an
 * interpreted call is placed or re-languaged, so an unsupported pair is a clear 400 at once rather
 * than a failure at the call's first sentence. Keeps the API apart from the engines.
 */
public interface LanguagePairs {

    /** There is no translation engine: every pair is refused. */
    LanguagePairs NONE = (from, to) -> Future.succeededFuture("no translation engine is configured (set TRANSLATE)");

    /**
     * @return null when {@code from → to} can be translated, else why not, naming the engine and the pair
     *         (e.g. {@code the apertium translator cannot translate en→he}); a failed future when the engine
     *         could not be asked (its server is down), whose message names the engine
     */
    Future<String> refusal(String from, String to);
}

package dev.callbridge.api;

import dev.callbridge.engine.translate.Translator;
import io.vertx.core.Future;

/** {@link LanguagePairs} over the configured {@link Translator}, which knows its pairs (Apertium asks its server). */
public final class TranslatorLanguagePairs implements LanguagePairs {
    private final Translator translator;
    private final String engine;

    /** @param engine the {@code TRANSLATE} name, for the messages: {@code apertium}, {@code deepl}… */
    public TranslatorLanguagePairs(Translator translator, String engine) {
        this.translator = translator;
        this.engine = engine;
    }

    @Override
    public Future<String> refusal(String from, String to) {
        return translator.supports(from, to)
                .<String>map(yes -> yes ? null : "the " + engine + " translator cannot translate " + from + "→" + to)
                .recover(e -> Future.failedFuture(new IllegalStateException("the " + engine + " translator could not say whether it translates "
                        + from + "→" + to + ": " + e.getMessage(), e)));
    }
}

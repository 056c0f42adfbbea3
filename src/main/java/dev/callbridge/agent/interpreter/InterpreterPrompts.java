package dev.callbridge.agent.interpreter;

import dev.callbridge.engine.translate.Translator;
import io.vertx.core.Future;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The few things the interpreter says in its own voice, in each party's language. The common
 * languages are written out here, so the apology for a failing translation engine never depends on
 * that engine; any other language is translated from English once, when a call first needs it, and
 * kept for every later call (falling back to English if the translator cannot). Shared by all calls.
 */
public final class InterpreterPrompts {
    enum Prompt { CONNECTING, CONNECTED_A, CONNECTED_B, BUSY, NO_ANSWER, UNREACHABLE, APOLOGY }

    /** Languages learnt through the translator are kept up to this many, so callers cannot grow the map without end. */
    static final int MAX_LEARNT_LANGUAGES = 64;

    private static final Map<String, Map<Prompt, String>> WRITTEN = Map.of(
            "en", phrases("Please hold while I connect your call.",
                    "You are connected. I will interpret. Please speak in short sentences.",
                    "You have a call with an interpreter. Please speak in short sentences.",
                    "The person you are calling is busy. Goodbye.",
                    "The person you are calling did not answer. Goodbye.",
                    "The person you are calling cannot be reached. Goodbye.",
                    "Sorry, the interpretation has stopped working, so I have to end the call. Goodbye."),
            "es", phrases("Por favor, espere mientras conecto su llamada.",
                    "Está conectado. Yo interpretaré. Por favor, hable con frases cortas.",
                    "Tiene una llamada con intérprete. Por favor, hable con frases cortas.",
                    "La persona a la que llama está ocupada. Adiós.",
                    "La persona a la que llama no ha contestado. Adiós.",
                    "No es posible comunicar con la persona a la que llama. Adiós.",
                    "Lo siento, la interpretación ha dejado de funcionar y tengo que terminar la llamada. Adiós."),
            "fr", phrases("Veuillez patienter pendant que je connecte votre appel.",
                    "Vous êtes connecté. Je vais interpréter. Merci de parler en phrases courtes.",
                    "Vous avez un appel avec interprète. Merci de parler en phrases courtes.",
                    "La personne que vous appelez est occupée. Au revoir.",
                    "La personne que vous appelez n'a pas répondu. Au revoir.",
                    "La personne que vous appelez est injoignable. Au revoir.",
                    "Désolé, l'interprétation ne fonctionne plus et je dois mettre fin à l'appel. Au revoir."),
            "de", phrases("Bitte warten Sie, ich verbinde Ihren Anruf.",
                    "Sie sind verbunden. Ich dolmetsche. Bitte sprechen Sie in kurzen Sätzen.",
                    "Sie haben einen Anruf mit Dolmetscher. Bitte sprechen Sie in kurzen Sätzen.",
                    "Die angerufene Person ist besetzt. Auf Wiederhören.",
                    "Die angerufene Person hat nicht geantwortet. Auf Wiederhören.",
                    "Die angerufene Person ist nicht erreichbar. Auf Wiederhören.",
                    "Leider funktioniert das Dolmetschen nicht mehr, ich muss den Anruf beenden. Auf Wiederhören."),
            "it", phrases("Attenda mentre collego la sua chiamata.",
                    "È collegato. Farò da interprete. Parli con frasi brevi, per favore.",
                    "Ha una chiamata con interprete. Parli con frasi brevi, per favore.",
                    "La persona che sta chiamando è occupata. Arrivederci.",
                    "La persona che sta chiamando non ha risposto. Arrivederci.",
                    "La persona che sta chiamando non è raggiungibile. Arrivederci.",
                    "Mi dispiace, l'interpretazione non funziona più e devo chiudere la chiamata. Arrivederci."),
            "pt", phrases("Por favor, aguarde enquanto conecto a sua chamada.",
                    "Está conectado. Eu vou interpretar. Por favor, fale em frases curtas.",
                    "Tem uma chamada com intérprete. Por favor, fale em frases curtas.",
                    "A pessoa para quem está a ligar está ocupada. Adeus.",
                    "A pessoa para quem está a ligar não atendeu. Adeus.",
                    "Não é possível contactar a pessoa para quem está a ligar. Adeus.",
                    "Desculpe, a interpretação deixou de funcionar e tenho de terminar a chamada. Adeus."));

    private final Translator translator;
    private final Map<String, Map<Prompt, String>> learnt = new ConcurrentHashMap<>();

    public InterpreterPrompts(Translator translator) {
        this.translator = translator;
    }

    private static Map<Prompt, String> phrases(String... texts) {
        Map<Prompt, String> m = new EnumMap<>(Prompt.class);
        for (Prompt p : Prompt.values()) m.put(p, texts[p.ordinal()]);
        return Map.copyOf(m);
    }

    /** {@code pt-BR} → {@code pt}: the prompts do not differ by region. */
    static String base(String language) {
        int dash = language.indexOf('-');
        return (dash < 0 ? language : language.substring(0, dash)).toLowerCase(Locale.ROOT);
    }

    /** The prompt in {@code language} if known by now, else in English. Never blocks. */
    String text(Prompt prompt, String language) {
        String lang = base(language);
        Map<Prompt, String> m = WRITTEN.get(lang);
        if (m == null) m = learnt.get(lang);
        return m == null ? WRITTEN.get("en").get(prompt) : m.get(prompt);
    }

    /** Whether {@link #text} answers in {@code language} itself rather than in English. */
    boolean speaks(String language) {
        String lang = base(language);
        return WRITTEN.containsKey(lang) || learnt.containsKey(lang);
    }

    /**
     * Makes sure the prompts exist in {@code language}: translated from English through the call's
     * translator the first time. Completes (never fails) once known, or once the translator has
     * failed, in which case {@link #text} goes on answering in English. On the call's context.
     */
    Future<Void> learn(String language) {
        if (speaks(language) || learnt.size() >= MAX_LEARNT_LANGUAGES) return Future.succeededFuture();
        String lang = base(language);
        Prompt[] all = Prompt.values();
        @SuppressWarnings("unchecked")
        Future<String>[] parts = new Future[all.length];
        for (Prompt p : all) {
            parts[p.ordinal()] = translator.translate(WRITTEN.get("en").get(p), "en", lang).map(t -> t.text());
        }
        return Future.all(java.util.List.of(parts)).<Void>map(all2 -> {
            Map<Prompt, String> m = new EnumMap<>(Prompt.class);
            for (Prompt p : all) m.put(p, parts[p.ordinal()].result());
            learnt.putIfAbsent(lang, Map.copyOf(m));
            return null;
        }).otherwiseEmpty();
    }
}

package dev.callbridge.engine.translate;

import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.llm.ChatEnd;
import dev.callbridge.engine.llm.ChatListener;
import dev.callbridge.engine.llm.ChatMessage;
import dev.callbridge.engine.llm.ChatModel;
import dev.callbridge.engine.llm.ChatStream;
import dev.callbridge.engine.llm.ToolCall;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@link Translator} over a text model ({@code TRANSLATE=llm}): the model is told to act as a phone
 * interpreter and answer with the translation alone. Slower and dearer than a translation API, but
 * it keeps register and idiom, and any language the model knows works without a pair installed.
 *
 * <p>Bounded like the HTTP engines: the whole answer must arrive within {@code answer} (the chat
 * client's own first-byte and idle limits apply too), and an answer longer than
 * {@link #maxChars(String)} is cut off as {@code TOO_LONG}, a model that rambles instead of translating.
 * Either way the stream is cancelled, which closes its connection.
 */
public final class ChatTranslator implements Translator {
    private final Vertx vertx;
    private final ChatModel model;
    private final Duration answer;

    public ChatTranslator(Vertx vertx, ChatModel model, Duration answer) {
        this.vertx = vertx;
        this.model = model;
        this.answer = answer;
    }

    /** What the model is told: interpret, keep names, numbers and register, say nothing else. */
    static String instructions(String from, String to) {
        return "You are a professional interpreter on a live phone call. Translate the speaker's words from " + name(from)
                + " into " + name(to) + ". Keep names, numbers, dates, amounts and the speaker's register and tone exactly; "
                + "translate questions as questions and do not answer them. Reply with the translation only: no quotes, "
                + "no notes, no explanations, no greeting of your own.";
    }

    /** A language's English name for the prompt ({@code es} → Spanish), or the code itself when Java does not know it. */
    static String name(String tag) {
        LanguageTag t = LanguageTag.parse(tag, "Translation model");
        String name = Locale.forLanguageTag(t.language()).getDisplayLanguage(Locale.ENGLISH);
        String base = name.isEmpty() ? t.language() : name;
        return t.region() == null ? base : base + " (" + t.region() + ")";
    }

    /** A translation is rarely more than three times its source; ten times is a model gone astray. */
    static int maxChars(String text) {
        return 200 + 10 * text.length();
    }

    @Override
    public Future<Translation> translate(String text, String from, String to) {
        if (Vertx.currentContext() == null) throw new IllegalStateException("Translator.translate must be called on a Vert.x context");
        List<ChatMessage> messages;
        try {
            messages = List.of(new ChatMessage.SystemPrompt(instructions(from, to)), new ChatMessage.User(text));
        } catch (EngineFailure e) {
            return Future.failedFuture(e);
        }
        Promise<Translation> promise = Promise.promise();
        long start = System.nanoTime();
        StringBuilder translated = new StringBuilder();
        int limit = maxChars(text);
        ChatStream[] stream = new ChatStream[1];
        long timer = vertx.setTimer(answer.toMillis(), id -> {
            if (promise.tryFail(EngineFailure.of(Engine.TRANSLATE, Kind.TIMEOUT,
                    "Translation model: no whole answer within " + answer.toMillis() + " ms of the request"))) stream[0].cancel();
        });
        promise.future().onComplete(done -> vertx.cancelTimer(timer));
        stream[0] = model.stream(messages, List.of(), new ChatListener() {
            @Override
            public void onText(String delta) {
                translated.append(delta);
                if (translated.length() > limit && promise.tryFail(EngineFailure.of(Engine.TRANSLATE, Kind.TOO_LONG,
                        "Translation model: answer longer than " + limit + " characters for " + text.length() + " to translate"))) {
                    stream[0].cancel();
                }
            }

            @Override
            public void onToolCall(ToolCall call) {
                // No tools are offered; a call would be a broken server, and the text is what counts.
            }

            @Override
            public void onEnd(ChatEnd end) {
                String result = translated.toString().strip();
                if (result.isEmpty()) {
                    promise.tryFail(EngineFailure.of(Engine.TRANSLATE, Kind.PROTOCOL, "Translation model: an empty answer (" + end.rawReason() + ")"));
                } else {
                    promise.tryComplete(new Translation(result, Duration.ofNanos(System.nanoTime() - start), "llm"));
                }
            }

            @Override
            public void onFailure(EngineFailure failure) {
                promise.tryFail(new EngineFailure(Engine.TRANSLATE, failure.kind(), failure.status(), failure.getMessage(),
                        failure.serverMessage(), failure.errorType(), failure.errorCode(), failure.retryAfter(), 0));
            }
        });
        return promise.future();
    }
}

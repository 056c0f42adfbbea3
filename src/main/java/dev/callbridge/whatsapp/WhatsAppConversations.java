package dev.callbridge.whatsapp;

import dev.callbridge.engine.llm.ChatMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns webhook batches into answered conversations. Each customer number's messages are handled
 * one after another (a chain of futures per number), so two messages sent at once get two replies,
 * each seeing the other in its history; a message Meta delivers twice is stored once (the wamid's
 * unique index) and answered once. Store work runs on workers; the model on this one context.
 */
public final class WhatsAppConversations {
    private static final Logger log = LoggerFactory.getLogger(WhatsAppConversations.class);
    /** Messages of the conversation the model sees, the new one included. */
    static final int HISTORY = 30;
    private static final Pattern WA_ID = Pattern.compile("[1-9][0-9]{1,14}");
    static final String APOLOGY = "Sorry, I can't answer right now. Please try again in a little while.";
    static final String WRITE_INSTEAD = "Sorry, I can't listen to this voice message. Could you write it to me instead?";
    static final String TEXT_ONLY = "Sorry, I can only read text and voice messages.";

    private final Context context;
    private final String phoneNumberId;
    private final WhatsAppStore store;
    private final GraphApiClient graph;
    private final TextAgent agent;
    private final VoiceNoteTranscriber transcriber;
    private final Consumer<WhatsAppMessage> published;
    /** The last piece of work queued per number; touched on {@link #context} only. */
    private final Map<String, Future<Void>> tails = new HashMap<>();

    /**
     * @param context     where the model runs and the per-number chains live (its own event loop)
     * @param transcriber null without an STT engine: voice notes are then answered with a request to write
     * @param published   each change the store published (committed with its outbox rows), for {@code /ws/events}
     */
    public WhatsAppConversations(Context context, String phoneNumberId, WhatsAppStore store, GraphApiClient graph, TextAgent agent,
                                 VoiceNoteTranscriber transcriber, Consumer<WhatsAppMessage> published) {
        this.context = context;
        this.phoneNumberId = phoneNumberId;
        this.store = store;
        this.graph = graph;
        this.agent = agent;
        this.transcriber = transcriber;
        this.published = published;
    }

    /** Any thread; returns at once. Messages to another of the app's numbers are not ours and are skipped. */
    public void accept(WebhookCodec.Batch batch) {
        context.runOnContext(v -> {
            for (WebhookCodec.Status s : batch.statuses()) {
                blocking(() -> store.recordStatus(s))
                        .onSuccess(updated -> updated.ifPresent(published))
                        .onFailure(e -> log.warn("WhatsApp status {} of {} not recorded: {}", s.status(), s.wamid(), e.toString()));
            }
            for (WebhookCodec.Inbound m : batch.messages()) {
                if (m.phoneNumberId() != null && !m.phoneNumberId().equals(phoneNumberId)) {
                    log.info("WhatsApp message {} is for phone number id {}, not ours; ignored", m.wamid(), m.phoneNumberId());
                } else if (!WA_ID.matcher(m.from()).matches()) {
                    log.warn("WhatsApp message {} comes from '{}', not a phone number; ignored", m.wamid(), m.from());
                } else {
                    enqueue(m);
                }
            }
        });
    }

    /**
     * Answers what was stored but not answered when the process last stopped (within the 24-hour
     * window in which a free-form reply is still allowed), in the order it came. Any thread.
     */
    public void resume() {
        context.runOnContext(v -> blocking(() -> store.unanswered(java.time.Instant.now().minus(java.time.Duration.ofHours(24)), 1000))
                .onSuccess(pending -> {
                    if (!pending.isEmpty()) log.info("answering {} WhatsApp messages left unanswered at the last stop", pending.size());
                    for (WhatsAppStore.Pending p : pending) {
                        String type = switch (p.kind()) {
                            case "voice" -> "audio";
                            default -> p.kind();
                        };
                        enqueue(new WebhookCodec.Inbound(p.wamid(), p.number().substring(1), p.at(), type, p.text(), p.mediaId(), p.mimeType(),
                                phoneNumberId), true);
                    }
                })
                .onFailure(e -> log.warn("unanswered WhatsApp messages could not be read: {}", e.toString())));
    }

    private void enqueue(WebhookCodec.Inbound m) {
        enqueue(m, false);
    }

    /** @param stored already in the store (resumed after a restart): answered without storing it again */
    private void enqueue(WebhookCodec.Inbound m, boolean stored) {
        String number = "+" + m.from();
        Future<Void> previous = tails.getOrDefault(number, Future.succeededFuture());
        Future<Void> next = previous.transform(ignored -> stored ? respond(number, m, kindOf(m)) : handle(number, m)).transform(ar -> {
            if (ar.failed()) log.warn("WhatsApp message {} from {} was not handled: {}", m.wamid(), number, ar.cause().toString());
            return Future.<Void>succeededFuture();
        });
        tails.put(number, next);
        next.onComplete(done -> tails.remove(number, next));
    }

    private static String kindOf(WebhookCodec.Inbound m) {
        return switch (m.type()) {
            case "text", "button", "interactive" -> "text";
            case "audio" -> "voice";
            default -> m.type();
        };
    }

    private Future<Void> handle(String number, WebhookCodec.Inbound m) {
        String kind = kindOf(m);
        return blocking(() -> store.insertInbound(m.wamid(), number, kind, m.text(), m.mediaId(), m.mimeType(), m.at())).compose(stored -> {
            if (stored.isEmpty()) {
                log.debug("WhatsApp message {} delivered again; already handled", m.wamid());
                return Future.succeededFuture();
            }
            published.accept(stored.get());
            graph.markRead(m.wamid()).onFailure(e -> log.info("marking {} read failed: {}", m.wamid(), e.getMessage()));
            return respond(number, m, kind);
        });
    }

    private Future<Void> respond(String number, WebhookCodec.Inbound m, String kind) {
        return switch (kind) {
            case "text" -> m.text() == null ? reply(m, number, TEXT_ONLY) : answer(m, number);
            // A voice note resumed after a restart may have been transcribed already.
            case "voice" -> m.text() != null ? answer(m, number) : voice(m, number);
            // A reaction to one of our messages, or a notice from WhatsApp itself: nothing to answer.
            case "reaction", "system", "unsupported" -> blocking(() -> {
                store.updateInbound(m.wamid(), "noted", null, null);
                return null;
            });
            default -> reply(m, number, TEXT_ONLY);
        };
    }

    /** Transcribes the note onto its stored message and answers it; a note that cannot be heard gets a request to write. */
    private Future<Void> voice(WebhookCodec.Inbound m, String number) {
        if (transcriber == null) {
            return noted(m, "no STT engine is configured (STT unset)").compose(v -> reply(m, number, WRITE_INSTEAD));
        }
        if (m.mediaId() == null) return noted(m, "the voice message has no media id").compose(v -> reply(m, number, WRITE_INSTEAD));
        return graph.media(m.mediaId())
                .compose(media -> transcriber.transcribe(context, media.bytes(), media.mimeType() != null ? media.mimeType() : m.mimeType()))
                .transform(ar -> {
                    if (ar.failed()) {
                        Integer code = ar.cause() instanceof GraphFailure f ? f.code() : null;
                        return blocking(() -> {
                            store.updateInbound(m.wamid(), "received", code, "not transcribed: " + ar.cause().getMessage());
                            return null;
                        }).compose(v -> reply(m, number, WRITE_INSTEAD));
                    }
                    String text = ar.result().strip();
                    if (text.isEmpty()) return noted(m, "nothing was heard in the voice message").compose(v -> reply(m, number, WRITE_INSTEAD));
                    return blocking(() -> store.addTranscript(m.wamid(), text)).compose(updated -> {
                        updated.ifPresent(published);
                        return answer(m, number);
                    });
                });
    }

    private Future<Void> noted(WebhookCodec.Inbound m, String problem) {
        return blocking(() -> {
            store.updateInbound(m.wamid(), "received", null, problem);
            return null;
        });
    }

    /** The model's reply to the conversation so far (which ends with {@code m}); an apology when the model fails. */
    private Future<Void> answer(WebhookCodec.Inbound m, String number) {
        return blocking(() -> store.conversation(number, HISTORY)).compose(messages -> {
            List<ChatMessage> history = new ArrayList<>();
            for (WhatsAppMessage message : messages) {
                if (message.text() == null || message.text().isBlank()) continue;
                if (message.direction().equals("inbound")) history.add(new ChatMessage.User(message.text()));
                else if (!message.status().equals("failed")) history.add(ChatMessage.Assistant.text(message.text()));
            }
            return agent.reply(context, history).recover(e -> {
                log.warn("WhatsApp reply to {} falls back to an apology: {}", m.wamid(), e.getMessage());
                return Future.succeededFuture(APOLOGY);
            });
        }).compose(text -> reply(m, number, text));
    }

    /** Sends the one reply to {@code m} and stores it, sent or refused with Meta's code and message. */
    private Future<Void> reply(WebhookCodec.Inbound m, String number, String text) {
        return graph.sendText(m.from(), text, m.wamid()).transform(ar -> {
            GraphFailure failure = ar.failed() ? (ar.cause() instanceof GraphFailure f ? f : new GraphFailure(0, null, ar.cause().toString())) : null;
            if (failure != null) log.warn("WhatsApp reply to {} refused: {} {}", number, failure.code(), failure.getMessage());
            return blocking(() -> {
                WhatsAppMessage stored = failure == null
                        ? store.insertReply(ar.result(), number, text, m.wamid(), null, null)
                        : store.insertReply(null, number, text, m.wamid(), failure.code(), failure.getMessage());
                store.updateInbound(m.wamid(), failure == null ? "answered" : "unanswered", null, null);
                return stored;
            });
        }).map(stored -> {
            published.accept(stored);
            return null;
        });
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return context.executeBlocking(work, false);
    }
}

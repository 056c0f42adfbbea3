package dev.callbridge.followup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.FollowUp;
import dev.callbridge.call.TranscriptEntry;
import dev.callbridge.config.Config;
import dev.callbridge.webhook.Delivery;
import dev.callbridge.webhook.DeliveryOutcome;
import dev.callbridge.webhook.DeliveryTarget;
import dev.callbridge.whatsapp.GraphApiClient;
import dev.callbridge.whatsapp.GraphCodec;
import dev.callbridge.whatsapp.GraphFailure;
import dev.callbridge.whatsapp.WhatsAppMessage;
import dev.callbridge.whatsapp.WhatsAppStore;
import io.vertx.core.Future;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a call's summary as a WhatsApp template, one outbox row at a time on the worker's sender
 * threads: the model writes the summary from the transcript in the row, the Graph API sends it,
 * the message joins the caller's WhatsApp conversation, and each step's outcome reaches the call's
 * record as a {@code call.followup} event. Meta's refusals (131047 outside the window, 131030 not
 * on the allowed list, 190 a bad token…) are final; a rate limit (130429), a 5xx or an unreachable
 * API, and a model that fails, are retried by the outbox with its backoff.
 *
 * <p>At least once, like every outbox row: a process killed between Meta's answer and the row's
 * update sends the summary again after the restart.
 */
public final class CallSummarySender implements DeliveryTarget {
    private static final Logger log = LoggerFactory.getLogger(CallSummarySender.class);
    /** Longest wait for the summary and then the send, each (the Graph client retries inside this). */
    static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

    private final Config.CallSummary settings;
    private final CallSummaryWriter writer;
    private final GraphApiClient graph;
    private final WhatsAppStore conversations;
    private final Consumer<WhatsAppMessage> messages;
    private final Consumer<CallEvent> events;
    private final Clock clock;

    /**
     * @param messages the template once stored, for {@code /ws/events} as {@code whatsapp.message}
     * @param events   where {@code call.followup} events go (the call event bus: store, sockets, webhooks)
     */
    public CallSummarySender(Config.CallSummary settings, CallSummaryWriter writer, GraphApiClient graph, WhatsAppStore conversations,
                             Consumer<WhatsAppMessage> messages, Consumer<CallEvent> events, Clock clock) {
        this.settings = settings;
        this.writer = writer;
        this.graph = graph;
        this.conversations = conversations;
        this.messages = messages;
        this.events = events;
        this.clock = clock;
    }

    /** What the row carries: written by {@link CallSummaryOutbox}. */
    record Request(String callId, String to, String language, List<TranscriptEntry> transcript) {
        static Request parse(String body) throws IOException {
            JsonNode n = CallJson.mapper().readTree(body);
            List<TranscriptEntry> entries = new ArrayList<>();
            for (JsonNode e : n.path("transcript")) entries.add(CallJson.mapper().treeToValue(e, TranscriptEntry.class));
            return new Request(n.path("callId").asText(), n.path("to").asText(), n.path("language").asText(null), entries);
        }
    }

    @Override
    public DeliveryOutcome attempt(Delivery delivery) {
        Request request;
        try {
            request = Request.parse(delivery.body());
        } catch (IOException | IllegalArgumentException e) {
            return new DeliveryOutcome.Refused("the follow-up's row is not readable: " + e.getMessage(), null);
        }
        String summary;
        try {
            // As the template will carry it, so the record and the conversation show what the caller got.
            summary = GraphCodec.templateText(await(writer.summarize(request.language(), request.transcript())));
        } catch (StepFailed e) {
            return new DeliveryOutcome.Retryable("summary: " + e.getMessage(), null);
        }
        String wamid;
        try {
            wamid = await(graph.sendTemplate(request.to().substring(1), settings.template(), settings.language(), List.of(summary)));
        } catch (StepFailed e) {
            if (e.getCause() instanceof GraphFailure f) {
                String error = "WhatsApp refused the template: " + f.getMessage();
                return f.retryable() || f.httpStatus() == 0 ? new DeliveryOutcome.Retryable(error, f.code()) : new DeliveryOutcome.Refused(error, f.code());
            }
            return new DeliveryOutcome.Retryable("WhatsApp send: " + e.getMessage(), null);
        }
        // Sent: what follows is bookkeeping, and a failure of it must not send the summary again.
        try {
            messages.accept(conversations.insertTemplate(wamid, request.to(), summary));
        } catch (RuntimeException e) {
            log.warn("call {}: the summary {} was sent but not added to the WhatsApp conversation: {}", request.callId(), wamid, e.getMessage());
        }
        events.accept(new CallEvent.FollowUpChanged(request.callId(), new FollowUp(FollowUp.SENT, CallSummaryOutbox.CHANNEL, request.to(),
                settings.template(), summary, wamid, null, delivery.attempts() + 1, clock.instant()), clock.instant()));
        return new DeliveryOutcome.Delivered(wamid);
    }

    @Override
    public void settled(Delivery delivery, DeliveryOutcome outcome, Delivery.Status status, int attempts) {
        FollowUp.Error error = switch (outcome) {
            case DeliveryOutcome.Delivered ok -> null;
            case DeliveryOutcome.Retryable r -> new FollowUp.Error(r.code(), r.error());
            case DeliveryOutcome.Refused r -> new FollowUp.Error(r.code(), r.error());
        };
        if (error == null) return; // a sent summary was told at once, with its message id
        String to;
        try {
            to = Request.parse(delivery.body()).to();
        } catch (IOException | IllegalArgumentException e) {
            to = null;
        }
        String followUpStatus = status == Delivery.Status.FAILED ? FollowUp.RETRYING : FollowUp.FAILED;
        events.accept(new CallEvent.FollowUpChanged(delivery.callId(), new FollowUp(followUpStatus, CallSummaryOutbox.CHANNEL, to, settings.template(),
                null, null, error, attempts, clock.instant()), clock.instant()));
    }

    /** Blocks this sender thread (never an event loop) for the future's result, within {@link #STEP_TIMEOUT}. */
    private static <T> T await(Future<T> future) throws StepFailed {
        try {
            return future.toCompletionStage().toCompletableFuture().get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new StepFailed(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StepFailed("no answer within " + STEP_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed("interrupted (shutting down)", e);
        }
    }

    private static final class StepFailed extends Exception {
        StepFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

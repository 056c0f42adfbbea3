package dev.callbridge.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.call.CallJson;
import dev.callbridge.webhook.Delivery;
import dev.callbridge.webhook.DeliveryRows;
import dev.callbridge.webhook.DeliveryWorker;
import dev.callbridge.webhook.WebhookSettings;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * {@code /api/webhooks/deliveries…}: what the outbox holds, and sending a row again. Table reads
 * run on worker threads. Without webhooks configured the table is simply empty.
 */
public final class WebhookDeliveriesApi {
    static final int LIST_LIMIT = 200;

    private final Vertx vertx;
    private final DeliveryRows rows;
    private final DeliveryWorker worker;
    private final WebhookSettings settings;
    private final Clock clock;

    /** @param worker woken by a retry; null when no subscription is configured (a retried row then waits for one) */
    public WebhookDeliveriesApi(Vertx vertx, DeliveryRows rows, DeliveryWorker worker, WebhookSettings settings, Clock clock) {
        this.vertx = vertx;
        this.rows = rows;
        this.worker = worker;
        this.settings = settings;
        this.clock = clock;
    }

    /** {@code ?status=pending|failed|delivered|dead&callId=}: newest first, at most {@value #LIST_LIMIT}. */
    public void list(RoutingContext rc) {
        String statusParam = rc.request().getParam("status");
        Delivery.Status status;
        try {
            status = statusParam == null || statusParam.isEmpty() ? null : Delivery.Status.fromWire(statusParam);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("status: " + e.getMessage());
        }
        String callId = rc.request().getParam("callId");
        String byCall = callId == null || callId.isEmpty() ? null : callId;
        vertx.executeBlocking(() -> rows.list(status, byCall, LIST_LIMIT), false).onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(ar.cause());
                return;
            }
            ObjectNode body = CallJson.mapper().createObjectNode();
            var list = body.putArray("deliveries");
            for (Delivery d : ar.result()) {
                ObjectNode n = list.addObject();
                n.put("id", d.id());
                n.put("eventId", d.eventId());
                n.put("type", d.type());
                n.put("callId", d.callId());
                n.put("line", d.line());
                n.put("url", d.subscription());
                n.put("status", d.status().wireName());
                n.put("attempts", d.attempts());
                n.put("lastError", d.lastError());
                boolean open = d.status() == Delivery.Status.PENDING || d.status() == Delivery.Status.FAILED;
                n.put("nextAttemptAt", open ? d.nextAttemptAt().toString() : null);
            }
            Json.send(rc, 200, body);
        });
    }

    /**
     * Sends the row again as soon as its line is free, whatever its status: a dead row gets a fresh
     * retry window, a delivered one is sent once more (receivers deduplicate on the event id). 202.
     */
    public void retry(RoutingContext rc) {
        String idText = rc.pathParam("id");
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw ApiError.notFound("delivery " + RequestScreen.printable(idText) + " not found");
        }
        vertx.executeBlocking(() -> rows.retry(id, clock.instant(), settings.retryFor()), false).onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(ar.cause());
            } else if (!ar.result()) {
                rc.fail(ApiError.notFound("delivery " + id + " not found"));
            } else {
                if (worker != null) worker.wake();
                Json.send(rc, 202, CallJson.mapper().createObjectNode().put("id", id).put("status", "pending"));
            }
        });
    }
}

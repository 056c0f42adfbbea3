package dev.callbridge.api;

import dev.callbridge.twilio.TwilioMediaEndpoint;
import dev.callbridge.twilio.TwilioWebhooks;
import dev.callbridge.whatsapp.WhatsAppRoutes;
import io.netty.handler.codec.http.HttpResponseStatus;
import dev.callbridge.websocket.WebSocketFrameGuard;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The whole HTTP surface in one table. Tests build the same router the server runs. */
public final class GatewayRoutes {
    private static final Logger log = LoggerFactory.getLogger(GatewayRoutes.class);
    /** Request bodies: a Twilio webhook or an API call is a few KiB at most. */
    public static final long MAX_BODY_BYTES = 64 * 1024;
    /** What an events subscriber may send in one message; it has nothing to say, so a small bound. */
    static final long MAX_EVENTS_MESSAGE_BYTES = 64 * 1024;

    public record Handlers(ApiAuth auth, List<String> corsOrigins, CallsApi calls, RecordingApi recordings, OpsApi ops,
                           EventsSocket events, TwilioWebhooks twilio, TwilioMediaEndpoint twilioMedia, HttpMetrics metrics,
                           DashboardFiles dashboard, WhatsAppRoutes whatsapp, WebhookDeliveriesApi webhookDeliveries) {}

    private GatewayRoutes() {}

    public static Router create(Vertx vertx, Handlers h) {
        Router router = Router.router(vertx);
        router.route().handler(RequestScreen::check);
        if (!h.corsOrigins().isEmpty()) {
            router.route().handler(CorsHandler.create().addOrigins(h.corsOrigins())
                    .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS))
                    .allowedHeaders(Set.of("Authorization", "Content-Type", "Range"))
                    .exposedHeaders(Set.of("Content-Range", "Accept-Ranges")));
        }
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);

        router.post("/twilio/voice").handler(body).handler(h.twilio()::voice);
        router.post("/twilio/status").handler(body).handler(h.twilio()::status);
        if (h.whatsapp() != null) {
            router.get("/whatsapp/webhook").handler(h.whatsapp()::verify);
            router.post("/whatsapp/webhook").handler(BodyHandler.create(false).setBodyLimit(WhatsAppRoutes.MAX_BODY_BYTES))
                    .handler(h.whatsapp()::receive);
        }
        router.get("/ws/twilio-media").handler(WebSocketHandshake::check).handler(h.twilioMedia()::handle);

        router.get("/health").handler(h.ops()::health);
        router.get("/stats").handler(h.ops()::stats);
        router.get("/metrics").handler(h.ops()::metrics);

        router.get("/ws/events").handler(WebSocketHandshake::check).handler(rc -> {
            WebSocketFrameGuard.install(rc.request(), MAX_EVENTS_MESSAGE_BYTES); // RFC 6455's rules, below Vert.x
            h.events().handle(rc);
        });
        router.route("/api/*").handler(rc -> {
            h.auth().check(rc.request());
            rc.next();
        });
        // Only for the methods that carry a body here: BodyHandler throws on a form Content-Type with any other.
        router.route("/api/*").handler(rc -> {
            if (rc.request().method() == HttpMethod.POST || rc.request().method() == HttpMethod.PUT) body.handle(rc);
            else rc.next();
        });
        router.get("/api/calls").handler(h.calls()::list);
        router.get("/api/system/history").handler(h.ops()::history);
        router.post("/api/calls").handler(h.calls()::create);
        router.get("/api/calls/:id").handler(h.calls()::get);
        router.get("/api/calls/:id/transcript").handler(h.calls()::transcript);
        // These look the call up in the store when it is not live: worker threads.
        router.put("/api/calls/:id/language").blockingHandler(h.calls()::language, false);
        router.post("/api/calls/:id/hangup").blockingHandler(h.calls()::hangup, false);
        router.get("/api/calls/:id/recording").blockingHandler(h.recordings()::get, false);
        router.delete("/api/calls/:id/recording").blockingHandler(h.recordings()::delete, false);
        if (h.whatsapp() != null) {
            router.get("/api/whatsapp/conversations").blockingHandler(h.whatsapp()::list, false);
            router.get("/api/whatsapp/conversations/:number").blockingHandler(h.whatsapp()::get, false);
        }
        router.get("/api/webhooks/deliveries").handler(h.webhookDeliveries()::list);
        router.post("/api/webhooks/deliveries/:id/retry").handler(h.webhookDeliveries()::retry);

        // The dashboard: its pages by name (never a catch-all, so no API path is ever shadowed), its files under /ui/.
        router.get("/").handler(h.dashboard()::page);
        router.get("/calls/:id").handler(h.dashboard()::page);
        router.get("/new-call").handler(h.dashboard()::page);
        router.get("/system").handler(h.dashboard()::page);
        router.get("/ui/:file").handler(h.dashboard()::asset);

        router.route().failureHandler(rc -> failure(rc, h.metrics()));
        router.errorHandler(404, rc -> Json.error(rc, ApiError.notFound("no route for " + rc.request().method() + " " + rc.request().path())));
        router.errorHandler(405, rc -> Json.error(rc, new ApiError(405, "method_not_allowed", rc.request().method() + " is not allowed on " + rc.request().path())));
        return router;
    }

    private static void failure(RoutingContext rc, HttpMetrics metrics) {
        Throwable e = rc.failure();
        int status = rc.statusCode();
        if (e instanceof ApiError api) {
            Json.error(rc, api);
        } else if (status == 413) {
            long limit = rc.request().path().equals("/whatsapp/webhook") ? WhatsAppRoutes.MAX_BODY_BYTES : MAX_BODY_BYTES;
            ConnectionGuard.refuseTheRest(rc.response(), rc.request().connection(),
                    ApiError.ofStatus(413, "request body is over " + limit + " bytes"), metrics);
        } else if (e != null && !rc.request().isEnded() && (status != 500 || e instanceof IOException || e instanceof HttpClosedException)) {
            // BodyHandler fails a broken request stream with status 200 (400 for a decoder failure);
            // a handler's own exception comes as 500 and stays an internal error below.
            requestBroken(rc, e, metrics);
        } else if (status >= 400 && status < 500) {
            String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
            Json.error(rc, ApiError.ofStatus(status, e == null || e.getMessage() == null ? reason
                    : reason + ": " + RequestScreen.printable(e.getMessage())));
        } else {
            log.error("{} {} failed", rc.request().method(), rc.request().path(), e);
            Json.error(rc, new ApiError(500, "internal", "internal error; see the server log"));
        }
    }

    /**
     * The request never arrived whole: the client reset or closed the connection, or sent a body
     * the decoder refused (a bad chunk size). The client's doing: answered 400 where a socket is
     * left to answer on, logged at debug. Resets are counted by {@link ConnectionGuard}, which sees
     * every one; a close before the end is counted here.
     */
    private static void requestBroken(RoutingContext rc, Throwable e, HttpMetrics metrics) {
        if (e instanceof HttpClosedException) metrics.clientAborted("closed");
        log.debug("{} {}: the request was cut off: {}", rc.request().method(), rc.request().path(), e.toString());
        if (rc.response().closed() || rc.response().ended()) return;
        // The rest of the stream cannot be trusted: answer, then close.
        Json.error(rc.response().putHeader("Connection", "close"),
                        ApiError.badRequest("request body could not be read: " + RequestScreen.printable(String.valueOf(e.getMessage()))))
                .onComplete(done -> rc.request().connection().close());
    }
}

package dev.callbridge.api;

import dev.callbridge.twilio.TwilioMediaEndpoint;
import dev.callbridge.twilio.TwilioWebhooks;
import dev.callbridge.websocket.WebSocketFrameGuard;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
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
                           EventsSocket events, TwilioWebhooks twilio, TwilioMediaEndpoint twilioMedia) {}

    private GatewayRoutes() {}

    public static Router create(Vertx vertx, Handlers h) {
        Router router = Router.router(vertx);
        if (!h.corsOrigins().isEmpty()) {
            router.route().handler(CorsHandler.create().addOrigins(h.corsOrigins())
                    .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS))
                    .allowedHeaders(Set.of("Authorization", "Content-Type", "Range"))
                    .exposedHeaders(Set.of("Content-Range", "Accept-Ranges")));
        }
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);

        router.post("/twilio/voice").handler(body).handler(h.twilio()::voice);
        router.post("/twilio/status").handler(body).handler(h.twilio()::status);
        router.get("/ws/twilio-media").handler(h.twilioMedia()::handle);

        router.get("/health").handler(h.ops()::health);
        router.get("/stats").handler(h.ops()::stats);
        router.get("/metrics").handler(h.ops()::metrics);

        router.get("/ws/events").handler(rc -> {
            WebSocketFrameGuard.install(rc.request(), MAX_EVENTS_MESSAGE_BYTES); // RFC 6455's rules, below Vert.x
            h.events().handle(rc);
        });
        router.route("/api/*").handler(rc -> {
            h.auth().check(rc.request());
            rc.next();
        });
        router.route("/api/*").handler(body);
        router.get("/api/calls").handler(h.calls()::list);
        router.post("/api/calls").handler(h.calls()::create);
        router.get("/api/calls/:id").handler(h.calls()::get);
        router.get("/api/calls/:id/transcript").handler(h.calls()::transcript);
        // These look the call up in the store when it is not live: worker threads.
        router.put("/api/calls/:id/language").blockingHandler(h.calls()::language, false);
        router.post("/api/calls/:id/hangup").blockingHandler(h.calls()::hangup, false);
        router.get("/api/calls/:id/recording").blockingHandler(h.recordings()::get, false);
        router.delete("/api/calls/:id/recording").blockingHandler(h.recordings()::delete, false);

        router.route().failureHandler(GatewayRoutes::failure);
        router.errorHandler(404, rc -> Json.error(rc, ApiError.notFound("no route for " + rc.request().method() + " " + rc.request().path())));
        router.errorHandler(405, rc -> Json.error(rc, new ApiError(405, "method_not_allowed", rc.request().method() + " is not allowed on " + rc.request().path())));
        return router;
    }

    private static void failure(RoutingContext rc) {
        Throwable e = rc.failure();
        if (e instanceof ApiError api) {
            Json.error(rc, api);
        } else if (rc.statusCode() == 413) {
            Json.error(rc, new ApiError(413, "too_large", "request body is over " + MAX_BODY_BYTES + " bytes"));
        } else if (rc.statusCode() >= 400 && rc.statusCode() < 500) {
            Json.error(rc, new ApiError(rc.statusCode(), "bad_request", "request refused"));
        } else {
            log.error("{} {} failed", rc.request().method(), rc.request().path(), e);
            Json.error(rc, new ApiError(500, "internal", "internal error; see the server log"));
        }
    }
}

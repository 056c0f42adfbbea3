package dev.callbridge.asterisk;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The REST resources of {@link FakeAri} (protocols/asterisk-ari.md §3) with Asterisk's own
 * status codes and {@code {"message": …}} texts (res/ari/resource_channels.c,
 * resource_bridges.c). Handlers run on the fake's context and hold the state's lock; events
 * go out after the HTTP answer.
 */
final class FakeAriRest {
    private final Vertx vertx;
    private final FakeAriState state;
    private final Deque<OriginateOutcome> outcomes = new ArrayDeque<>();
    private volatile String rtpHost = "127.0.0.1";
    private volatile int rtpPort = 10_000;
    private volatile Consumer<Integer> onExternalMedia = port -> {};
    private volatile long externalMediaReplyDelayMs;

    FakeAriRest(Vertx vertx, FakeAriState state) {
        this.vertx = vertx;
        this.state = state;
    }

    void rtpAt(String host, int port) {
        rtpHost = host;
        rtpPort = port;
    }

    /**
     * Runs with the gateway's RTP port as each External Media channel is created, before the
     * REST answer: chan_rtp may start sending then, and a real Asterisk bridges audio as soon
     * as it can. On the fake's event loop; must not block.
     */
    void onExternalMedia(Consumer<Integer> hook) {
        onExternalMedia = hook;
    }

    /** Holds each externalMedia answer this long after the channel exists, as a busy Asterisk may. */
    void externalMediaReplyDelay(long ms) {
        externalMediaReplyDelayMs = ms;
    }

    void script(OriginateOutcome outcome) {
        synchronized (state) {
            outcomes.add(outcome);
        }
    }

    Router router() {
        Router r = Router.router(vertx);
        r.post("/ari/channels/externalMedia").handler(this::externalMedia);
        r.get("/ari/channels").handler(ctx -> list(ctx, () -> state.channels.values().stream().map(FakeAriChannel::toJson)));
        r.post("/ari/channels").handler(ctx -> originate(ctx, ctx.request().getParam("channelId")));
        r.get("/ari/channels/:id").handler(ctx -> withChannel(ctx, 404, "Channel not found", ch -> ok(ctx, ch.toJson())));
        r.post("/ari/channels/:id").handler(ctx -> originate(ctx, ctx.pathParam("id")));
        r.delete("/ari/channels/:id").handler(this::hangup);
        r.post("/ari/channels/:id/answer").handler(this::answer);
        r.post("/ari/channels/:id/continue").handler(this::continueInDialplan);
        r.get("/ari/channels/:id/variable").handler(this::variable);
        r.get("/ari/bridges").handler(ctx -> list(ctx, () -> state.bridges.values().stream().map(FakeAriBridge::toJson)));
        r.post("/ari/bridges").handler(ctx -> createBridge(ctx, ctx.request().getParam("bridgeId")));
        r.post("/ari/bridges/:id").handler(ctx -> createBridge(ctx, ctx.pathParam("id")));
        r.get("/ari/bridges/:id").handler(ctx -> withBridge(ctx, b -> ok(ctx, b.toJson())));
        r.delete("/ari/bridges/:id").handler(ctx -> withBridge(ctx, b -> {
            ctx.response().setStatusCode(204).end();
            state.destroyBridge(b);
        }));
        r.post("/ari/bridges/:id/addChannel").handler(this::addChannel);
        r.get("/ari/asterisk/ping").handler(ctx -> ok(ctx, new JsonObject().put("ping", "pong")
                .put("timestamp", FakeAriEvents.now()).put("asterisk_id", FakeAriEvents.ASTERISK_ID)));
        r.get("/ari/asterisk/info").handler(ctx -> ok(ctx, new JsonObject(AriFixtures.read("rest-asterisk-info.json"))));
        r.errorHandler(404, ctx -> error(ctx, 404, "Resource not found"));
        r.errorHandler(405, ctx -> error(ctx, 405, "Invalid method"));
        return r;
    }

    // ------------------------------------------------------------------ channels

    private void answer(RoutingContext ctx) {
        withChannel(ctx, 404, "Channel not found", ch -> {
            if (!ch.inStasis) {
                error(ctx, 409, "Channel not in Stasis application");
            } else if (ch.state.equals("Down") || ch.state.equals("Rsrved") || ch.state.equals("Ringing")) {
                error(ctx, 412, "Channel in invalid state");
            } else {
                ctx.response().setStatusCode(204).end();
                state.answer(ch);
            }
        });
    }

    private void hangup(RoutingContext ctx) {
        withChannel(ctx, 404, "Channel not found", ch -> {
            Integer cause = FakeAriCauses.forReason(ctx.request().getParam("reason"));
            if (cause == null) {
                error(ctx, 400, "Invalid reason for hangup provided");
                return;
            }
            ctx.response().setStatusCode(204).end();
            state.hangupByUs(ch, cause);
        });
    }

    /** {@code POST /channels/{id}/continue}: the channel leaves Stasis for the dialplan (204; 409 if not in Stasis). */
    private void continueInDialplan(RoutingContext ctx) {
        withChannel(ctx, 404, "Channel not found", ch -> {
            if (!ch.inStasis) {
                error(ctx, 409, "Channel not in Stasis application");
                return;
            }
            ctx.response().setStatusCode(204).end();
            state.continueInDialplan(ch, ctx.request().getParam("context"), ctx.request().getParam("extension"));
        });
    }

    private void variable(RoutingContext ctx) {
        String name = ctx.request().getParam("variable");
        if (name == null || name.isEmpty()) {
            error(ctx, 400, "Variable name is required");
            return;
        }
        withChannel(ctx, 404, "Provided channel was not found", ch -> {
            String value = ch.variables.get(name);
            if (value == null) error(ctx, 404, "Provided variable was not found");
            else ok(ctx, new JsonObject().put("value", value));
        });
    }

    private void externalMedia(RoutingContext ctx) {
        String app = ctx.request().getParam("app");
        String host = ctx.request().getParam("external_host");
        String format = ctx.request().getParam("format");
        String encapsulation = ctx.request().getParam("encapsulation", "rtp");
        String transport = ctx.request().getParam("transport", "udp");
        String id = ctx.request().getParam("channelId");
        synchronized (state) {
            if (app == null || app.isEmpty()) error(ctx, 400, "app cannot be empty");
            else if (host == null || host.isEmpty()) error(ctx, 400, "external_host cannot be empty");
            else if (!host.matches(".+:\\d+")) error(ctx, 400, "external_host must be <host>:<port>");
            else if (format == null || format.isEmpty()) error(ctx, 400, "format cannot be empty");
            else if (!encapsulation.equalsIgnoreCase("rtp") || !transport.equalsIgnoreCase("udp")) {
                // Asterisk also does audiosocket/tcp; this fake does only what callbridge uses.
                error(ctx, 501, "The encapsulation and/or transport is not supported");
            } else if (id != null && state.channels.containsKey(id)) {
                error(ctx, 409, "Channel with given unique ID already exists");
            } else {
                FakeAriChannel ch = state.add(new FakeAriChannel(id != null ? id : state.uniqueId(),
                        "UnicastRTP/" + host + "-0x" + FakeAriState.hex(12), FakeAriChannel.Origin.EXTERNAL_MEDIA,
                        "Down", FakeAriEvents.now()));
                // chan_rtp sets these on the new channel; the answer exports them as channelvars (port first, as captured).
                ch.variables.put("UNICASTRTP_LOCAL_PORT", Integer.toString(rtpPort));
                ch.variables.put("UNICASTRTP_LOCAL_ADDRESS", rtpHost);
                onExternalMedia.accept(Integer.parseInt(host.substring(host.lastIndexOf(':') + 1)));
                JsonObject answer = ch.toJsonWithChannelvars();
                Runnable reply = () -> {
                    ok(ctx, answer);
                    synchronized (state) {
                        state.dialAnswered(ch, host + "/c(" + format + ")", List.of());
                    }
                };
                if (externalMediaReplyDelayMs > 0) vertx.setTimer(externalMediaReplyDelayMs, t -> reply.run());
                else reply.run();
            }
        }
    }

    private void originate(RoutingContext ctx, String id) {
        String endpoint = ctx.request().getParam("endpoint");
        String app = ctx.request().getParam("app");
        String appArgs = ctx.request().getParam("appArgs", "");
        synchronized (state) {
            int slash = endpoint == null ? -1 : endpoint.indexOf('/');
            if (endpoint == null || endpoint.isEmpty()) {
                error(ctx, 400, "Endpoint must be specified");
            } else if (slash <= 0 || slash == endpoint.length() - 1) {
                error(ctx, 400, "Invalid endpoint specified");
            } else if ((app == null || app.isEmpty()) && ctx.request().getParam("extension") == null) {
                error(ctx, 400, "Application or extension must be specified");
            } else if (id != null && state.channels.containsKey(id)) {
                error(ctx, 409, "Channel with given unique ID already exists");
            } else {
                OriginateOutcome outcome = outcomes.isEmpty() ? OriginateOutcome.answered() : outcomes.poll();
                if (outcome.kind() == OriginateOutcome.Kind.REST_ERROR) {
                    error(ctx, outcome.httpStatus(), outcome.message());
                    return;
                }
                String tech = endpoint.substring(0, slash);
                String resource = endpoint.substring(slash + 1);
                FakeAriChannel ch = state.add(new FakeAriChannel(id != null ? id : state.uniqueId(),
                        channelName(tech, resource), FakeAriChannel.Origin.ORIGINATED, "Down", FakeAriEvents.now()));
                callerId(ch, ctx.request().getParam("callerId"));
                ok(ctx, ch.toJson());
                List<String> args = appArgs.isEmpty() ? List.of() : Arrays.asList(appArgs.split(",", -1));
                vertx.setTimer(Math.max(1, outcome.after().toMillis()), t -> {
                    synchronized (state) {
                        if (state.channels.get(ch.id) != ch) return; // hung up while ringing
                        if (outcome.kind() == OriginateOutcome.Kind.ANSWERED) state.dialAnswered(ch, resource, args);
                        else state.dialFailed(ch, resource, outcome.dialstatus(), outcome.cause());
                    }
                });
            }
        }
    }

    /** {@code PJSIP/+49…@provider} → {@code PJSIP/provider-0000000e}; {@code Local/100@ctx} → {@code Local/100@ctx-0000000e;1}. */
    private String channelName(String tech, String resource) {
        if (tech.equals("Local")) return "Local/" + resource + "-" + state.nameSuffix() + ";1";
        int at = resource.indexOf('@');
        return tech + "/" + (at >= 0 ? resource.substring(at + 1) : resource) + "-" + state.nameSuffix();
    }

    /** {@code "Probe" <5551000>}, {@code Probe <5551000>} or {@code 5551000}: caller and connected line, as captured. */
    private static void callerId(FakeAriChannel ch, String callerId) {
        if (callerId == null || callerId.isBlank()) return;
        String name = "";
        String number = callerId.strip();
        int lt = callerId.indexOf('<');
        int gt = callerId.indexOf('>', lt + 1);
        if (lt >= 0 && gt > lt) {
            name = callerId.substring(0, lt).strip().replace("\"", "");
            number = callerId.substring(lt + 1, gt).strip();
        }
        ch.callerName = ch.connectedName = name;
        ch.callerNumber = ch.connectedNumber = number;
    }

    // ------------------------------------------------------------------ bridges

    private void createBridge(RoutingContext ctx, String id) {
        String type = ctx.request().getParam("type");
        synchronized (state) {
            FakeAriBridge existing = id == null ? null : state.bridges.get(id);
            if (existing != null && type != null) {
                error(ctx, 500, "Supplying a bridge type when updating a bridge is not allowed.");
            } else if (existing != null) {
                ok(ctx, existing.toJson());
            } else {
                FakeAriBridge bridge = new FakeAriBridge(id != null ? id : FakeAriState.hex(8) + "-" + FakeAriState.hex(4),
                        type == null ? "mixing" : type, ctx.request().getParam("name", ""), FakeAriEvents.now());
                state.bridges.put(bridge.id, bridge);
                ok(ctx, bridge.toJson());
            }
        }
    }

    private void addChannel(RoutingContext ctx) {
        withBridge(ctx, bridge -> {
            String param = ctx.request().getParam("channel");
            List<String> ids = param == null ? List.of() : Arrays.stream(param.split(",")).filter(s -> !s.isEmpty()).toList();
            if (ids.isEmpty()) {
                error(ctx, 400, "Missing parameter channel");
                return;
            }
            for (String id : ids) {
                FakeAriChannel ch = state.channels.get(id);
                if (ch == null) {
                    error(ctx, 400, "Channel not found");
                    return;
                }
                if (!ch.inStasis) {
                    error(ctx, 422, "Channel not in Stasis application");
                    return;
                }
            }
            ctx.response().setStatusCode(204).end();
            for (String id : ids) state.enterBridge(bridge, state.channels.get(id));
            state.announcePeers(bridge);
        });
    }

    // ------------------------------------------------------------------ helpers

    private void withChannel(RoutingContext ctx, int status, String notFound, Consumer<FakeAriChannel> then) {
        synchronized (state) {
            FakeAriChannel ch = state.channels.get(ctx.pathParam("id"));
            if (ch == null) error(ctx, status, notFound);
            else then.accept(ch);
        }
    }

    private void withBridge(RoutingContext ctx, Consumer<FakeAriBridge> then) {
        synchronized (state) {
            FakeAriBridge bridge = state.bridges.get(ctx.pathParam("id"));
            if (bridge == null) error(ctx, 404, "Bridge not found");
            else then.accept(bridge);
        }
    }

    private void list(RoutingContext ctx, Supplier<Stream<JsonObject>> items) {
        synchronized (state) {
            ok(ctx, new JsonArray(items.get().toList()));
        }
    }

    private static void ok(RoutingContext ctx, Object json) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(json.toString());
    }

    static void error(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("message", message).encode());
    }
}

package dev.callbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.call.Call;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.CallStore;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Interpretation;
import dev.callbridge.call.LanguageCode;
import dev.callbridge.call.OutboundDialer;
import dev.callbridge.call.Provider;
import dev.callbridge.call.TranscriptEntry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code /api/calls…}: list, read, place, hang up and re-language calls. Live calls are read
 * from the registry (the freshest snapshot), ended ones from the store; store I/O runs on
 * worker threads, never on the event loop.
 */
public final class CallsApi {
    private static final Logger log = LoggerFactory.getLogger(CallsApi.class);

    private final Vertx vertx;
    private final CallRegistry registry;
    private final CallStore store;
    private final Map<Provider, OutboundDialer> dialers;
    private final CallDefaults defaults;
    private final LanguagePairs pairs;

    /**
     * @param dialers read at each request: the gateway fills the map once its front doors exist
     * @param pairs   what the translation engine can interpret between, asked before an interpreted call is placed or re-languaged
     */
    public CallsApi(Vertx vertx, CallRegistry registry, CallStore store, Map<Provider, OutboundDialer> dialers,
                    CallDefaults defaults, LanguagePairs pairs) {
        this.vertx = vertx;
        this.registry = registry;
        this.store = store;
        this.dialers = Map.copyOf(dialers);
        this.defaults = defaults;
        this.pairs = pairs;
    }

    /**
     * One page under the query's filters ({@link CallListParams}). {@code q} (transcript search) is a 501
     * where the store has no text index, decided before the store is asked; {@code transcriptSearch} in
     * every answer says which, so a client can tell without trying.
     */
    public void list(RoutingContext rc) {
        CallStore.CallQuery query = CallListParams.parse(rc.request().params());
        if (query.words() != null && !store.searchesTranscripts()) {
            throw new ApiError(501, "search_unsupported", "q: searching transcripts needs the PostgreSQL store"
                    + " (STORE=postgres, DATABASE_URL=postgresql://…); the embedded store has no text index");
        }
        blocking(() -> store.list(query)).onComplete(ar -> {
            if (ar.failed()) {
                // The store refuses a cursor it did not issue.
                rc.fail(ar.cause() instanceof IllegalArgumentException e ? ApiError.badRequest("cursor: " + e.getMessage()) : ar.cause());
                return;
            }
            ObjectNode body = CallJson.mapper().createObjectNode();
            var calls = body.putArray("calls");
            for (CallRecord r : ar.result().calls()) {
                calls.add(CallJson.call(registry.find(r.id()).map(Call::record).orElse(r)));
            }
            body.put("next", ar.result().next());
            body.put("transcriptSearch", store.searchesTranscripts());
            Json.send(rc, 200, body);
        });
    }

    public void get(RoutingContext rc) {
        String id = rc.pathParam("id");
        Optional<Call> live = registry.find(id);
        if (live.isPresent()) {
            Json.send(rc, 200, CallJson.call(live.get().record()));
            return;
        }
        blocking(() -> store.find(id)).onComplete(ar -> {
            if (ar.failed()) rc.fail(ar.cause());
            else if (ar.result().isEmpty()) rc.fail(ApiError.notFound("call " + id + " not found"));
            else Json.send(rc, 200, CallJson.call(ar.result().get()));
        });
    }

    public void transcript(RoutingContext rc) {
        String id = rc.pathParam("id");
        boolean live = registry.find(id).isPresent();
        blocking(() -> live || store.find(id).isPresent() ? Optional.of(store.transcript(id)) : Optional.<List<TranscriptEntry>>empty())
                .onComplete(ar -> {
                    if (ar.failed()) {
                        rc.fail(ar.cause());
                    } else if (ar.result().isEmpty()) {
                        rc.fail(ApiError.notFound("call " + id + " not found"));
                    } else {
                        ObjectNode body = CallJson.mapper().createObjectNode().put("callId", id);
                        var entries = body.putArray("entries");
                        ar.result().get().forEach(e -> entries.add(CallJson.entry(e)));
                        Json.send(rc, 200, body);
                    }
                });
    }

    /**
     * Places a call. An interpreted one is refused before anything is dialled when B's provider is
     * not configured or the translation engine cannot serve its pair, either way round.
     */
    public void create(RoutingContext rc) {
        NewCallRequest req = NewCallRequest.parse(Json.body(rc), defaults);
        OutboundDialer dialer = dialer(req.provider(), "provider");
        Interpretation interpreter = req.interpreter();
        if (interpreter == null) {
            place(rc, req, dialer);
            return;
        }
        dialer(interpreter.b().provider(), "interpreter.provider");
        servedBothWays(interpreter.languages().a(), interpreter.languages().b(), "interpreter.languages")
                .onFailure(rc::fail)
                .onSuccess(v -> {
                    try {
                        place(rc, req, dialer);
                    } catch (ApiError e) { // over the limit or draining, now that the answer is asynchronous
                        rc.fail(e);
                    }
                });
    }

    private OutboundDialer dialer(Provider provider, String field) {
        OutboundDialer dialer = dialers.get(provider);
        if (dialer == null) {
            throw new ApiError(503, "provider_unavailable", field + ": " + provider.wireName()
                    + " is not configured on this server" + (provider == Provider.TWILIO
                    ? " (set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)" : " (set ARI_URL)"));
        }
        return dialer;
    }

    /**
     * Both directions of a pair, asked at once. Fails with the answer to give: 400 naming the engine and
     * the pair it cannot serve, or 503 when the engine could not be asked.
     */
    private Future<Void> servedBothWays(String x, String y, String field) {
        Future<String> there;
        Future<String> back;
        try {
            there = pairs.refusal(x, y);
            back = pairs.refusal(y, x);
        } catch (RuntimeException e) {
            return Future.failedFuture(new ApiError(503, "translator_unavailable", field + ": " + e.getMessage()));
        }
        return Future.all(there, back).transform(ar -> {
            if (ar.failed()) return Future.failedFuture(new ApiError(503, "translator_unavailable", field + ": " + ar.cause().getMessage()));
            List<String> refusals = java.util.stream.Stream.of(there.result(), back.result()).filter(java.util.Objects::nonNull).toList();
            return refusals.isEmpty() ? Future.succeededFuture()
                    : Future.failedFuture(ApiError.badRequest(field + ": " + String.join("; ", refusals)));
        });
    }

    private void place(RoutingContext rc, NewCallRequest req, OutboundDialer dialer) {
        Call call = registry.create(req.toNewCall(), vertx.getOrCreateContext()).orElseThrow(() -> registry.draining()
                ? new ApiError(503, "draining", "this server is shutting down and takes no new calls; place the call on another instance")
                : new ApiError(429, "too_many_calls", "MAX_CONCURRENT_CALLS (" + registry.maxConcurrentCalls() + ") calls are already active"));
        dialer.dial(call).onComplete(ar -> call.execute(() -> {
            if (ar.succeeded()) {
                registry.providerCallIdKnown(call, ar.result());
                call.providerStatus(CallStatus.QUEUED, ar.result());
                Json.send(rc, 201, CallJson.call(call.record()));
                return;
            }
            Throwable e = ar.cause();
            try (var mdc = MDC.putCloseable("callId", call.id())) {
                log.warn("call {}: dialing {} failed: {}", call.id(), call.record().to(), e.getMessage());
            }
            call.end(CallStatus.FAILED, EndReason.failure("dial-failed", e.getMessage()));
            boolean requestProblem = e instanceof dev.callbridge.twilio.TwilioApiException t && t.isRequestProblem();
            rc.fail(requestProblem ? ApiError.badRequest("to: " + e.getMessage())
                    : new ApiError(503, "provider_unavailable", e.getMessage()));
        }));
    }

    public void hangup(RoutingContext rc) {
        Call call = liveCall(rc);
        call.execute(() -> call.hangup(EndReason.API_HANGUP));
        Json.send(rc, 202, CallJson.mapper().createObjectNode().put("id", call.id()).put("status", "hanging-up"));
    }

    /**
     * One party's language ({@code party}: {@code a}, the default, or {@code b}). On an interpreted call
     * the new pair is checked both ways with the translation engine before anything switches.
     */
    public void language(RoutingContext rc) {
        JsonNode body = Json.body(rc);
        Interpretation.Side side = party(body.get("party"));
        Call call = liveCall(rc);
        Interpretation interpreter = call.record().interpreter();
        if (interpreter == null) {
            if (side == Interpretation.Side.B) throw ApiError.badRequest("party: call " + call.id() + " has no party b");
            String language = NewCallRequest.language(body.get("language"), true);
            call.execute(() -> {
                call.changeLanguage(language);
                Json.send(rc, 200, CallJson.call(call.record()));
            });
            return;
        }
        String language = NewCallRequest.isoLanguage(body.get("language"), "language");
        String other = interpreter.language(side.other());
        if (LanguageCode.primary(language).equals(LanguageCode.primary(other))) {
            throw ApiError.badRequest("language: must differ from party " + side.other().wireName() + "'s language ('" + other + "')");
        }
        servedBothWays(language, other, "language").onFailure(rc::fail).onSuccess(v -> call.execute(() -> {
            if (call.isEnded()) {
                rc.fail(ApiError.conflict("call " + call.id() + " has already ended"));
                return;
            }
            // The pair checked is the pair switched to: a change of the other side meanwhile would make it another.
            if (!call.record().interpreter().language(side.other()).equals(other)) {
                rc.fail(ApiError.conflict("language: party " + side.other().wireName() + "'s language changed meanwhile; try again"));
                return;
            }
            call.changeLanguage(side, language);
            Json.send(rc, 200, CallJson.call(call.record()));
        }));
    }

    private static Interpretation.Side party(JsonNode node) {
        if (node == null || node.isNull()) return Interpretation.Side.A;
        if (node.isTextual() && (node.asText().equals("a") || node.asText().equals("b"))) return Interpretation.Side.fromWire(node.asText());
        throw ApiError.badRequest("party: must be a or b, got " + node);
    }

    /** The call must be live for hang-up and language changes; an ended one is a 409, an unknown one a 404. */
    private Call liveCall(RoutingContext rc) {
        String id = rc.pathParam("id");
        Optional<Call> call = registry.find(id).filter(c -> !c.isEnded());
        if (call.isPresent()) return call.get();
        boolean known = registry.find(id).isPresent() || store.find(id).isPresent();
        throw known ? ApiError.conflict("call " + id + " has already ended") : ApiError.notFound("call " + id + " not found");
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }
}

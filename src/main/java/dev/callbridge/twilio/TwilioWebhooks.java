package dev.callbridge.twilio;

import dev.callbridge.call.Call;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.CallStore;
import dev.callbridge.call.Direction;
import dev.callbridge.call.InterpreterNumbers;
import dev.callbridge.call.Provider;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /twilio/voice} and {@code POST /twilio/status}. Both answer fast and never
 * block: the voice webhook creates the call and answers TwiML that connects the media
 * stream; the status callback moves an existing call on.
 *
 * <p>Twilio's signatures carry no timestamp, so a captured webhook stays valid forever; what
 * stops a replay is state. A voice webhook for a live call is Twilio retrying it (the same call
 * again); for an ended one, whether still in memory or only in the store, it is a replay
 * ({@code <Reject/>}, nothing created). A webhook that is not a signed form naming its
 * {@code CallSid} is refused with a 4xx and creates nothing.
 */
public final class TwilioWebhooks {
    private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);
    static final String BUSY_MESSAGE = "All our lines are busy right now. Please call again later. Goodbye.";
    /** Twilio's CallSids are 34 characters; a longer one is not Twilio's, and is kept out of the store's index. */
    static final int MAX_CALL_SID_LENGTH = 64;
    private static final String FORM = "application/x-www-form-urlencoded";

    /** Timing of each handled webhook, and the refused ones by reason, for {@code /metrics}. */
    public interface WebhookMetrics {
        void handled(String webhook, long nanos);

        /** @param reason {@code signature}, {@code media_type}, {@code bad_request} or {@code replay} */
        void refused(String webhook, String reason);
    }

    private final Vertx vertx;
    private final TwilioRequestAuth auth;
    private final CallRegistry registry;
    private final CallStore store;
    private final String streamUrl;
    private final String defaultAgent;
    private final Duration mediaStartTimeout;
    private final WebhookMetrics metrics;
    private final InterpreterNumbers interpreterNumbers;

    /**
     * @param mediaStartTimeout  how long a call told to connect its stream may wait for it ({@code MEDIA_START_TIMEOUT_SECONDS})
     * @param interpreterNumbers called numbers ({@code To}) whose inbound calls are interpreted
     */
    public TwilioWebhooks(Vertx vertx, TwilioRequestAuth auth, CallRegistry registry, CallStore store, URI publicUrl,
                          String defaultAgent, Duration mediaStartTimeout, WebhookMetrics metrics, InterpreterNumbers interpreterNumbers) {
        this.vertx = vertx;
        this.auth = auth;
        this.registry = registry;
        this.store = store;
        this.streamUrl = TwilioRequestAuth.mediaStreamUrl(publicUrl);
        this.defaultAgent = defaultAgent;
        this.mediaStartTimeout = mediaStartTimeout;
        this.metrics = metrics;
        this.interpreterNumbers = interpreterNumbers;
    }

    public void voice(RoutingContext rc) {
        long t0 = System.nanoTime();
        MultiMap form = signedForm(rc, "voice");
        if (form == null) return;
        String callSid = form.get("CallSid");
        if (callSid == null || callSid.isBlank() || callSid.length() > MAX_CALL_SID_LENGTH) {
            refuse(rc, "voice", 400, "bad_request", "CallSid is required (a Twilio call sid, at most "
                    + MAX_CALL_SID_LENGTH + " characters)", "bad_request");
            return;
        }
        Optional<Call> known = registry.findByProviderCallId(callSid);
        if (known.isPresent()) {
            // Live: Twilio retried the webhook, so the same call again. Ended but not yet stored: a replay.
            if (known.get().isEnded()) replayed(rc, callSid);
            else answer(rc, connect(known.get()), t0);
            return;
        }
        vertx.executeBlocking(() -> store.findByProviderCallId(Provider.TWILIO, callSid), false).onComplete(ar -> {
            if (ar.failed()) {
                // A real caller matters more than the replay check: take the call.
                log.warn("voice webhook for {}: the store could not be asked whether the call has ended ({}); taking it",
                        callSid, ar.cause().toString());
            } else if (ar.result().map(CallRecord::status).filter(CallStatus::isTerminal).isPresent()) {
                replayed(rc, callSid);
                return;
            }
            // Looked up again: a retry of this webhook may have been admitted while the store answered.
            Optional<Call> meanwhile = registry.findByProviderCallId(callSid).filter(call -> !call.isEnded());
            answer(rc, meanwhile.isPresent() ? connect(meanwhile.get()) : admit(form, callSid), t0);
        });
    }

    /** Creates the call and connects its stream, or turns the caller away when it cannot be admitted. */
    private String admit(MultiMap form, String callSid) {
        Direction direction = "inbound".equals(form.get("Direction")) || form.get("Direction") == null
                ? Direction.INBOUND : Direction.OUTBOUND;
        // A call to one of INTERPRETER_NUMBERS is interpreted: its party B is dialled once it is answered.
        CallRegistry.NewCall spec = direction == Direction.INBOUND
                ? interpreterNumbers.inbound(Provider.TWILIO, callSid, form.get("From"), form.get("To"), defaultAgent, "en", Map.of())
                : new CallRegistry.NewCall(Provider.TWILIO, callSid, direction, form.get("From"), form.get("To"), CallStatus.RINGING,
                        defaultAgent, "en", Map.of());
        Optional<Call> call = registry.create(spec, vertx.getOrCreateContext());
        if (call.isEmpty()) {
            if (registry.draining()) log.info("call {} rejected: draining for shutdown", callSid);
            else log.warn("call {} rejected: {} calls already active", callSid, registry.maxConcurrentCalls());
            return TwiML.busy(BUSY_MESSAGE);
        }
        Call admitted = call.get();
        admitted.execute(() -> admitted.awaitMedia(mediaStartTimeout));
        return connect(admitted);
    }

    private String connect(Call call) {
        return TwiML.connectStream(streamUrl, CallStreamParameters.of(call));
    }

    private void replayed(RoutingContext rc, String callSid) {
        metrics.refused("voice", "replay");
        log.warn("voice webhook for {}, a call that has already ended, rejected as a replay", callSid);
        rc.response().putHeader("Content-Type", "text/xml; charset=utf-8").end(TwiML.reject());
    }

    private void answer(RoutingContext rc, String twiml, long t0) {
        rc.response().putHeader("Content-Type", "text/xml; charset=utf-8").end(twiml);
        metrics.handled("voice", System.nanoTime() - t0);
    }

    public void status(RoutingContext rc) {
        long t0 = System.nanoTime();
        MultiMap form = signedForm(rc, "status");
        if (form == null) return;
        String callSid = form.get("CallSid");
        CallStatus next = parseStatus(form.get("CallStatus"));
        if (callSid == null || callSid.isBlank() || next == null) {
            refuse(rc, "status", 400, "bad_request", "CallSid and a known CallStatus are required", "bad_request");
            return;
        }
        registry.findByProviderCallId(callSid).ifPresent(call -> call.execute(() -> {
            call.providerStatus(next, callSid);
            // An outbound call's TwiML runs once the callee answers: only from then on can its stream start.
            if (next == CallStatus.IN_PROGRESS && call.isPartyCallId(callSid)) call.awaitPartyMedia(mediaStartTimeout);
            else if (next == CallStatus.IN_PROGRESS) call.awaitMedia(mediaStartTimeout);
        }));
        // Unknown or already retired calls are fine: Twilio's final callback often arrives after we hung up.
        rc.response().setStatusCode(204).end();
        metrics.handled("status", System.nanoTime() - t0);
    }

    /** Twilio's {@code CallStatus}; {@code initiated} is our {@code queued}. */
    static CallStatus parseStatus(String s) {
        if (s == null) return null;
        if (s.equals("initiated")) return CallStatus.QUEUED;
        try {
            return CallStatus.fromWire(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The webhook's parameters, or null when it is refused (and answered): Twilio posts signed forms, nothing else. */
    private MultiMap signedForm(RoutingContext rc, String webhook) {
        if (!isForm(rc.request().getHeader("Content-Type"))) {
            refuse(rc, webhook, 415, "unsupported_media_type", "a Twilio webhook is a form (" + FORM + ")", "media_type");
            return null;
        }
        MultiMap form = rc.request().formAttributes();
        if (!auth.allowsWebhook(rc.request(), form)) {
            refuse(rc, webhook, 403, "forbidden", "invalid Twilio signature", "signature");
            return null;
        }
        return form;
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) return false;
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return type.equals(FORM);
    }

    private void refuse(RoutingContext rc, String webhook, int status, String code, String message, String reason) {
        metrics.refused(webhook, reason);
        log.warn("{} webhook from {} refused ({}): {}", webhook, rc.request().remoteAddress(), status,
                reason.equals("signature") ? "bad or missing " + TwilioRequestAuth.SIGNATURE_HEADER : message);
        var body = CallJson.mapper().createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(CallJson.write(body));
    }
}

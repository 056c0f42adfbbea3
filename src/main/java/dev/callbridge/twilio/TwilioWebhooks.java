package dev.callbridge.twilio;

import dev.callbridge.call.Call;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.Provider;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /twilio/voice} and {@code POST /twilio/status}. Both answer fast and never
 * block: the voice webhook creates the call and answers TwiML that connects the media
 * stream; the status callback moves an existing call on.
 */
public final class TwilioWebhooks {
    private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);
    static final String BUSY_MESSAGE = "All our lines are busy right now. Please call again later. Goodbye.";

    /** Timing of each handled webhook, for {@code /metrics}. */
    public interface WebhookMetrics {
        void handled(String webhook, long nanos);

        void refused(String webhook);
    }

    private final Vertx vertx;
    private final TwilioRequestAuth auth;
    private final CallRegistry registry;
    private final String streamUrl;
    private final String defaultAgent;
    private final WebhookMetrics metrics;

    public TwilioWebhooks(Vertx vertx, TwilioRequestAuth auth, CallRegistry registry, URI publicUrl, String defaultAgent,
                          WebhookMetrics metrics) {
        this.vertx = vertx;
        this.auth = auth;
        this.registry = registry;
        this.streamUrl = TwilioRequestAuth.mediaStreamUrl(publicUrl);
        this.defaultAgent = defaultAgent;
        this.metrics = metrics;
    }

    public void voice(RoutingContext rc) {
        long t0 = System.nanoTime();
        MultiMap form = rc.request().formAttributes();
        if (!auth.allowsWebhook(rc.request(), form)) {
            refuse(rc, "voice");
            return;
        }
        String callSid = form.get("CallSid");
        Optional<Call> existing = callSid == null ? Optional.empty() : registry.findByProviderCallId(callSid);
        String twiml;
        if (existing.isPresent() && !existing.get().isEnded()) {
            // Twilio retried the webhook: answer with the same call rather than a second one.
            twiml = connect(existing.get());
        } else {
            Direction direction = "inbound".equals(form.get("Direction")) || form.get("Direction") == null
                    ? Direction.INBOUND : Direction.OUTBOUND;
            Optional<Call> call = registry.create(new CallRegistry.NewCall(Provider.TWILIO, callSid, direction,
                    form.get("From"), form.get("To"), CallStatus.RINGING, defaultAgent, "en", Map.of()),
                    vertx.getOrCreateContext());
            twiml = call.map(this::connect).orElseGet(() -> {
                if (registry.draining()) log.info("call {} from {} rejected: draining for shutdown", callSid, form.get("From"));
                else log.warn("call {} from {} rejected: {} calls already active", callSid, form.get("From"), registry.maxConcurrentCalls());
                return TwiML.busy(BUSY_MESSAGE);
            });
        }
        rc.response().putHeader("Content-Type", "text/xml; charset=utf-8").end(twiml);
        metrics.handled("voice", System.nanoTime() - t0);
    }

    private String connect(Call call) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("callId", call.id());
        return TwiML.connectStream(streamUrl, params);
    }

    public void status(RoutingContext rc) {
        long t0 = System.nanoTime();
        MultiMap form = rc.request().formAttributes();
        if (!auth.allowsWebhook(rc.request(), form)) {
            refuse(rc, "status");
            return;
        }
        String callSid = form.get("CallSid");
        String status = form.get("CallStatus");
        CallStatus next = parseStatus(status);
        if (callSid == null || next == null) {
            rc.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end("{\"error\":{\"code\":\"bad_request\",\"message\":\"CallSid and a known CallStatus are required\"}}");
            return;
        }
        registry.findByProviderCallId(callSid)
                .ifPresent(call -> call.execute(() -> call.providerStatus(next, callSid)));
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

    private void refuse(RoutingContext rc, String webhook) {
        metrics.refused(webhook);
        log.warn("{} webhook from {} refused: bad or missing {}", webhook, rc.request().remoteAddress(),
                TwilioRequestAuth.SIGNATURE_HEADER);
        rc.response().setStatusCode(403).putHeader("Content-Type", "application/json")
                .end("{\"error\":{\"code\":\"forbidden\",\"message\":\"invalid Twilio signature\"}}");
    }
}

package dev.callbridge.sim;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The HTTP requests Twilio makes for an inbound call: the voice webhook that asks for TwiML,
 * and the final status callback. Form-encoded and signed over the server's PUBLIC_URL, as
 * Twilio signs the URL it was configured with.
 */
final class TwilioWebhookClient {
    /** Reply to a webhook; {@code latencyNanos} is request start → full body. */
    record Reply(int status, String body, long latencyNanos) {}

    /** Twilio gives up on a webhook after 15 s. */
    private static final long WEBHOOK_TIMEOUT_MS = 15_000;

    private final HttpClient http;
    private final GatewayTarget target;

    TwilioWebhookClient(HttpClient http, GatewayTarget target) {
        this.http = http;
        this.target = target;
    }

    /** POST /twilio/voice for a ringing inbound call; a non-2xx answer fails the future. */
    Future<Reply> voice(CallParties call) {
        Map<String, String> form = commonFields(call);
        form.put("CallStatus", "ringing");
        // Twilio sends best-effort geo fields even when empty; empty values must survive signing.
        form.put("FromCity", "");
        form.put("ToCity", "");
        return post(GatewayTarget.VOICE_PATH, form);
    }

    /** POST /twilio/status: the terminal {@code completed} callback. */
    Future<Reply> completed(CallParties call, long durationSeconds) {
        Map<String, String> form = commonFields(call);
        form.put("CallStatus", "completed");
        form.put("CallDuration", Long.toString(durationSeconds));
        form.put("CallbackSource", "call-progress-events");
        form.put("SequenceNumber", "0");
        form.put("Timestamp", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()));
        return post(GatewayTarget.STATUS_PATH, form);
    }

    /**
     * A progress callback of a call the server placed through the Calls API ({@code outbound-api}):
     * to the {@code StatusCallback} URL it gave, signed over that URL as written.
     *
     * @param duration seconds, sent with a final status; negative: none
     */
    Future<Reply> placedCallStatus(String statusCallback, CallParties call, String status, int sequence, long duration) {
        Map<String, String> form = commonFields(call);
        form.put("Direction", "outbound-api");
        form.put("CallStatus", status);
        form.put("CallbackSource", "call-progress-events");
        form.put("SequenceNumber", Integer.toString(sequence));
        form.put("Timestamp", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()));
        if (duration >= 0) form.put("CallDuration", Long.toString(duration));
        Map<String, List<String>> signed = new LinkedHashMap<>();
        form.forEach((k, v) -> signed.put(k, List.of(v)));
        return post(target.resolve(statusCallback).toString(), form, target.formSignatureOver(statusCallback, signed), statusCallback);
    }

    private static Map<String, String> commonFields(CallParties call) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("AccountSid", call.accountSid());
        form.put("ApiVersion", "2010-04-01");
        form.put("CallSid", call.callSid());
        form.put("Called", call.to());
        form.put("Caller", call.from());
        form.put("Direction", "inbound");
        form.put("From", call.from());
        form.put("To", call.to());
        return form;
    }

    private Future<Reply> post(String path, Map<String, String> form) {
        Map<String, List<String>> signed = new LinkedHashMap<>();
        form.forEach((k, v) -> signed.put(k, List.of(v)));
        return post(target.requestUrl(path).toString(), form, target.formSignature(path, signed), path);
    }

    private Future<Reply> post(String url, Map<String, String> form, Optional<String> signature, String path) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setConnectTimeout(WEBHOOK_TIMEOUT_MS).setIdleTimeout(WEBHOOK_TIMEOUT_MS)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded; charset=utf-8")
                .putHeader(HttpHeaders.USER_AGENT, "TwilioProxy/1.1 (callbridge simulate)");
        signature.ifPresent(sig -> request.putHeader("X-Twilio-Signature", sig));
        long started = System.nanoTime();
        return http.request(request)
                // The body is read in the callback that receives the response: a hop later, it could be gone.
                .compose(req -> req.send(Buffer.buffer(body)).compose(resp -> resp.body()
                        .map(b -> new Reply(resp.statusCode(), b.toString(StandardCharsets.UTF_8), System.nanoTime() - started))))
                .compose(reply -> reply.status() / 100 == 2 ? Future.succeededFuture(reply)
                        : Future.failedFuture("POST " + path + " answered " + reply.status() + ": " + abbreviate(reply.body())));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}

package dev.callbridge.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import dev.callbridge.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two Calls API requests callbridge makes: create an outbound call with inline TwiML, and
 * update a live call (hang up, cancel, redirect). Base URL from {@code TWILIO_API_URL}, so
 * tests run it against a local fake.
 */
public final class TwilioRestClient {
    private static final long TIMEOUT_MS = 10_000;

    private final HttpClient http;
    /** Requests made and not yet answered, for {@link #close}. */
    private final Set<Future<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final URI apiUrl;
    private final String accountSid;
    private final String authorization;

    public TwilioRestClient(Vertx vertx, URI apiUrl, String accountSid, Secret authToken) {
        if (accountSid == null || authToken == null) {
            throw new IllegalArgumentException("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are required for the Calls API");
        }
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000));
        this.apiUrl = apiUrl;
        this.accountSid = accountSid;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (accountSid + ":" + authToken.reveal()).getBytes(StandardCharsets.UTF_8));
    }

    /** Places a call; completes with Twilio's {@code CA…} sid. */
    public Future<String> createCall(String to, String from, String twiml, String statusCallbackUrl) {
        String body = form(Map.of("To", List.of(to), "From", List.of(from), "Twiml", List.of(twiml),
                "StatusCallback", List.of(statusCallbackUrl),
                "StatusCallbackEvent", List.of("initiated", "ringing", "answered", "completed")));
        return post("/2010-04-01/Accounts/" + accountSid + "/Calls.json", body).map(json -> json.path("sid").asText(null))
                .compose(sid -> sid == null
                        ? Future.failedFuture(new TwilioApiException(502, null, "Twilio's reply has no call sid"))
                        : Future.succeededFuture(sid));
    }

    /** Replaces a live call's TwiML (e.g. {@code <Dial>} to transfer it); this ends its media stream. */
    public Future<Void> redirect(String callSid, String twiml) {
        return post("/2010-04-01/Accounts/" + accountSid + "/Calls/" + callSid + ".json",
                form(Map.of("Twiml", List.of(twiml)))).mapEmpty();
    }

    /** {@code completed} hangs up a live call; {@code canceled} stops one still ringing. */
    public Future<Void> updateStatus(String callSid, String status) {
        return post("/2010-04-01/Accounts/" + accountSid + "/Calls/" + callSid + ".json",
                form(Map.of("Status", List.of(status)))).mapEmpty();
    }

    private Future<JsonNode> post(String path, String body) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(apiUrl + path)
                .setTimeout(TIMEOUT_MS)
                .putHeader("Authorization", authorization)
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .putHeader("Accept", "application/json");
        // The body is read in the callback that receives the response: a hop later, it could be gone.
        Future<Reply> sent = http.request(options)
                .compose(req -> req.send(body).compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b))));
        inFlight.add(sent);
        sent.onComplete(ar -> inFlight.remove(sent));
        return sent
                .recover(e -> Future.failedFuture(new TwilioApiException(0, null, "Twilio API unreachable: " + e.getMessage())))
                .compose(reply -> parse(reply.status(), reply.body()));
    }

    /**
     * Lets the requests already made finish (each is bounded by its own timeout), then closes:
     * a call cancelled while the process stops must be cancelled at Twilio, or it rings on.
     */
    public Future<Void> close() {
        return Future.join(List.copyOf(inFlight)).transform(done -> http.close());
    }

    private record Reply(int status, Buffer body) {
    }

    private static Future<JsonNode> parse(int status, Buffer body) {
        JsonNode json;
        try {
            json = CallJson.mapper().readTree(body.getBytes());
        } catch (Exception e) {
            json = null;
        }
        if (status >= 200 && status < 300 && json != null) return Future.succeededFuture(json);
        String message = json != null && json.hasNonNull("message") ? json.get("message").asText() : "HTTP " + status;
        Integer code = json != null && json.hasNonNull("code") ? json.get("code").asInt() : null;
        return Future.failedFuture(new TwilioApiException(status, code, "Twilio API: " + message));
    }

    static String form(Map<String, List<String>> params) {
        StringJoiner out = new StringJoiner("&");
        params.forEach((name, values) -> values.forEach(v -> out.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))));
        return out.toString();
    }
}

package dev.callbridge.asterisk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ARI REST calls callbridge makes (protocols/asterisk-ari.md §3), over one Vert.x
 * {@link HttpClient} with HTTP Basic auth on every request. Every method is asynchronous; called
 * on a Vert.x context, its future completes on that context.
 *
 * <p>Failures are {@link AriException}s: the HTTP status with Asterisk's {@code message} (404
 * {@code Channel not found}, 409 {@code Channel not in Stasis application}, 401
 * {@code Authentication required}, …), status 0 when Asterisk is unreachable.
 *
 * <p>Channels and bridges we create get ids we choose ({@link #newId()}), so their events can be
 * told from a caller's before the REST answer arrives.
 */
public final class AriClient {
    private static final Logger log = LoggerFactory.getLogger(AriClient.class);
    private static final long TIMEOUT_MS = 10_000;

    private final HttpClient http; // a field: an unreferenced client may be closed by GC
    /** Requests made and not yet answered, for {@link #close}. */
    private final Set<Future<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final AriEndpoint endpoint;

    /** @param ariUrl e.g. {@code http://127.0.0.1:8088}; a trailing {@code /ari} is accepted too */
    public AriClient(Vertx vertx, URI ariUrl, String username, Secret password, String app) {
        this.endpoint = AriEndpoint.of(ariUrl, username, password, app);
        // Keep-alive: a call makes a handful of requests in its first second.
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setKeepAlive(true));
    }

    /** What the ids of the channels and bridges we create start with: how leftovers are recognised. */
    public static final String ID_PREFIX = "cb-";

    /** A fresh id for a channel or bridge we create: {@code cb-} and 32 hex digits. */
    public static String newId() {
        return ID_PREFIX + UUID.randomUUID().toString().replace("-", "");
    }

    /** The host ARI is reached at: where Asterisk is, when it reports its RTP address as 0.0.0.0. */
    public String host() {
        return endpoint.base().getHost();
    }

    public String app() {
        return endpoint.app();
    }

    /** {@code POST /channels/{id}/answer}; Asterisk then sends {@code ChannelStateChange} (Up). */
    public Future<Void> answer(String channelId) {
        return call(HttpMethod.POST, "/channels/" + AriEndpoint.segment(channelId) + "/answer", Map.of()).mapEmpty();
    }

    /**
     * {@code DELETE /channels/{id}?reason=…}. {@code reason}: {@code normal} (null means normal),
     * {@code busy}, {@code congestion}, {@code no_answer}, {@code timeout}, {@code rejected},
     * {@code unallocated}, {@code normal_unspecified}, {@code number_incomplete},
     * {@code codec_mismatch}, {@code interworking}, {@code failure}, {@code answered_elsewhere}.
     */
    public Future<Void> hangup(String channelId, String reason) {
        return call(HttpMethod.DELETE, "/channels/" + AriEndpoint.segment(channelId), params("reason", reason))
                .mapEmpty();
    }

    /** {@code POST /bridges/{id}?type=…}; {@code type} is {@code mixing} to join a caller and a media channel. */
    public Future<AriBridge> createBridge(String bridgeId, String type) {
        return call(HttpMethod.POST, "/bridges/" + AriEndpoint.segment(bridgeId), params("type", type))
                .compose(read("createBridge", (r, json) -> r.bridge(json)));
    }

    /** {@code POST /bridges/{id}/addChannel?channel=a,b}; one {@code ChannelEnteredBridge} per channel follows. */
    public Future<Void> addChannels(String bridgeId, List<String> channelIds) {
        if (channelIds.isEmpty()) throw new IllegalArgumentException("no channels to add");
        channelIds.forEach(AriEndpoint::segment); // rejects null/empty ids
        return call(HttpMethod.POST, "/bridges/" + AriEndpoint.segment(bridgeId) + "/addChannel",
                params("channel", String.join(",", channelIds))).mapEmpty();
    }

    /** {@code DELETE /bridges/{id}}; channels still in it stay in the app. */
    public Future<Void> destroyBridge(String bridgeId) {
        return call(HttpMethod.DELETE, "/bridges/" + AriEndpoint.segment(bridgeId), Map.of()).mapEmpty();
    }

    /**
     * {@code POST /channels/externalMedia} with RTP over UDP: Asterisk sends the call's audio,
     * in exactly {@code format} ({@code ulaw}, {@code slin16}, …), to {@code externalHost}
     * ({@code host:port}). The answer's {@link AriChannel#channelvars()} carry
     * {@code UNICASTRTP_LOCAL_ADDRESS}/{@code UNICASTRTP_LOCAL_PORT}: where to send ours. A
     * {@code StasisStart} for the new channel follows (possibly before this future completes).
     */
    public Future<AriChannel> externalMedia(String channelId, String externalHost, String format) {
        Map<String, String> q = params("app", endpoint.app(), "external_host", externalHost, "format", format,
                "encapsulation", "rtp", "transport", "udp", "channelId", channelId);
        return call(HttpMethod.POST, "/channels/externalMedia", q).compose(read("externalMedia", (r, json) -> r.channel(json)));
    }

    /** {@code GET /channels/{id}/variable?variable=…}: the value (404 when the variable is not set). */
    public Future<String> channelVariable(String channelId, String name) {
        return call(HttpMethod.GET, "/channels/" + AriEndpoint.segment(channelId) + "/variable", params("variable", name))
                .compose(read("channelVariable", (r, json) -> r.string(json, "value", "")));
    }

    public Future<List<AriChannel>> listChannels() {
        return call(HttpMethod.GET, "/channels", Map.of()).compose(read("listChannels", (r, json) -> r.channels(json)));
    }

    public Future<List<AriBridge>> listBridges() {
        return call(HttpMethod.GET, "/bridges", Map.of()).compose(read("listBridges", (r, json) -> r.bridges(json)));
    }

    /**
     * Places an outbound call into our app: {@code POST /channels?endpoint=…&app=…}. Completes
     * with the new channel, still {@code Down}. If the callee answers, {@code StasisStart}
     * follows with {@code appArgs} as its {@code args}; if not, {@code ChannelDestroyed} with
     * the cause (17 busy, 19 no answer, …) and no {@code StasisStart}.
     *
     * @param endpoint       e.g. {@code PJSIP/+4915112345678@provider}
     * @param callerId       {@code "Name" <+4930123456>} or a number; null for the endpoint's default
     * @param timeoutSeconds ring time; -1 for none
     * @param appArgs        values without commas (ARI joins and splits them on commas)
     */
    public Future<AriChannel> originate(String channelId, String endpoint, String callerId, int timeoutSeconds,
                                        List<String> appArgs) {
        for (String arg : appArgs) {
            if (arg.contains(",")) throw new IllegalArgumentException("an app arg must not contain a comma: " + arg);
        }
        Map<String, String> q = params("endpoint", endpoint, "app", this.endpoint.app(),
                "appArgs", appArgs.isEmpty() ? null : String.join(",", appArgs), "callerId", callerId,
                "timeout", Integer.toString(timeoutSeconds), "channelId", channelId);
        return call(HttpMethod.POST, "/channels", q).compose(read("originate", (r, json) -> r.channel(json)));
    }

    /**
     * {@code POST /channels/{id}/continue}: the channel leaves our application and goes on in the
     * dialplan at {@code context,extension,1} (StasisEnd follows). How a call is transferred.
     */
    public Future<Void> continueInDialplan(String channelId, String context, String extension) {
        return call(HttpMethod.POST, "/channels/" + AriEndpoint.segment(channelId) + "/continue",
                params("context", context, "extension", extension, "priority", "1")).mapEmpty();
    }

    /** {@code GET /asterisk/ping}: succeeds while ARI answers and our credentials are accepted. */
    public Future<Void> ping() {
        return call(HttpMethod.GET, "/asterisk/ping", Map.of()).mapEmpty();
    }

    /** {@code GET /asterisk/info}: the version, e.g. {@code 22.10.1}, for the startup log. */
    public Future<String> asteriskVersion() {
        return call(HttpMethod.GET, "/asterisk/info", Map.of()).compose(read("asteriskInfo",
                (r, json) -> r.string(json.path("system"), "version", "system.")));
    }

    /**
     * Lets the requests already made finish (each is bounded by its own timeout), then closes:
     * a hang-up sent while the process stops must reach Asterisk, or the caller stays on the line.
     */
    public Future<Void> close() {
        return Future.join(List.copyOf(inFlight)).transform(done -> http.close());
    }

    // ------------------------------------------------------------------ transport

    private record Reply(int status, Buffer body) {}

    private interface Reading<T> {
        T apply(AriModelReader reader, JsonNode json);
    }

    private Future<Reply> call(HttpMethod method, String path, Map<String, String> query) {
        String uri = endpoint.rest(path, query);
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(uri).setTimeout(TIMEOUT_MS)
                .putHeader("Authorization", endpoint.authorization()).putHeader("Accept", "application/json");
        // The body is read in the callback that receives the response: a hop later, it could be gone.
        Future<Reply> sent = http.request(options)
                .compose(req -> req.send().compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b))));
        inFlight.add(sent);
        sent.onComplete(ar -> inFlight.remove(sent));
        return sent
                .recover(e -> Future.failedFuture(new AriException(0, "ARI unreachable: " + e.getMessage(), e)))
                .compose(reply -> {
                    log.debug("ARI {} {} -> {}", method, path, reply.status());
                    if (reply.status() >= 200 && reply.status() < 300) return Future.succeededFuture(reply);
                    String message = AriModelReader.errorMessage(reply.body().toString());
                    return Future.failedFuture(new AriException(reply.status(),
                            message != null ? message : "HTTP " + reply.status() + " from ARI " + method + " " + path));
                });
    }

    private static <T> Function<Reply, Future<T>> read(String what, Reading<T> reading) {
        return reply -> {
            try {
                return Future.succeededFuture(reading.apply(new AriModelReader(what), AriModelReader.parse(reply.body().toString())));
            } catch (AriProtocolException e) {
                return Future.failedFuture(new AriException(502,
                        "ARI answered HTTP " + reply.status() + " with an unreadable body: " + e.getMessage(), e));
            }
        };
    }

    /** Name/value pairs in order; null values are left out of the query. */
    private static Map<String, String> params(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) out.put(pairs[i], pairs[i + 1]);
        return out;
    }
}

package dev.callbridge.whatsapp;

import dev.callbridge.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Graph API over HTTP: sends, marks read, fetches media. Every call is bearer-authenticated;
 * a 5xx or a rate limit is retried a bounded number of times with doubling backoff, anything else
 * fails at once as a {@link GraphFailure} with Meta's code and message. Non-blocking.
 */
public final class GraphApiClient {
    private static final Logger log = LoggerFactory.getLogger(GraphApiClient.class);

    /**
     * @param attempts      tries per request, the first included
     * @param firstBackoff  the wait before the second try; doubled for each further one
     * @param timeout       the longest wait for one answer
     * @param maxMediaBytes a larger download is refused (WhatsApp's own audio limit is 16 MB)
     */
    public record Limits(int attempts, Duration firstBackoff, Duration timeout, long maxMediaBytes) {
        public static final Limits DEFAULTS = new Limits(4, Duration.ofSeconds(1), Duration.ofSeconds(20), 16L * 1024 * 1024);
    }

    /** A downloaded media file. */
    public record Media(byte[] bytes, String mimeType) {}

    private final Vertx vertx;
    private final HttpClient http;
    private final String base;
    private final String phoneNumberId;
    private final String token;
    private final Limits limits;

    public GraphApiClient(Vertx vertx, Config.WhatsApp config, Limits limits) {
        this.vertx = vertx;
        this.http = vertx.createHttpClient(new HttpClientOptions());
        this.base = config.apiUrl().toString() + "/" + config.apiVersion();
        this.phoneNumberId = config.phoneNumberId();
        this.token = config.accessToken().reveal();
        this.limits = limits;
    }

    /** Sends a text; the new message's wamid. */
    public Future<String> sendText(String to, String body, String replyTo) {
        String json = GraphCodec.text(to, body, replyTo);
        return withRetries(() -> call(HttpMethod.POST, base + "/" + phoneNumberId + "/messages", json), 1)
                .map(GraphCodec::sentId);
    }

    /** Sends an approved template (for the post-call follow-up, outside the 24-hour window); the new message's wamid. */
    public Future<String> sendTemplate(String to, String name, String languageCode, java.util.List<String> bodyParameters) {
        String json = GraphCodec.template(to, name, languageCode, bodyParameters);
        return withRetries(() -> call(HttpMethod.POST, base + "/" + phoneNumberId + "/messages", json), 1)
                .map(GraphCodec::sentId);
    }

    /** Marks an inbound message read (the customer sees blue ticks). */
    public Future<Void> markRead(String wamid) {
        String json = GraphCodec.markRead(wamid);
        return withRetries(() -> call(HttpMethod.POST, base + "/" + phoneNumberId + "/messages", json), 1).mapEmpty();
    }

    /** Looks the media id up, then downloads the file with the same token (its URL lives minutes). */
    public Future<Media> media(String mediaId) {
        if (!mediaId.matches("[A-Za-z0-9_.-]{1,128}")) return Future.failedFuture(new GraphFailure(0, null, "not a media id: " + mediaId));
        return withRetries(() -> call(HttpMethod.GET, base + "/" + mediaId, null), 1)
                .map(GraphCodec::mediaInfo)
                .compose(info -> {
                    if (info.fileSize() > limits.maxMediaBytes()) {
                        return Future.failedFuture(new GraphFailure(0, null, "the media is " + info.fileSize() + " bytes, over " + limits.maxMediaBytes()));
                    }
                    return withRetries(() -> download(info.url()), 1).map(bytes -> new Media(bytes, info.mimeType()));
                });
    }

    public Future<Void> close() {
        return http.close();
    }

    private <T> Future<T> withRetries(Supplier<Future<T>> request, int attempt) {
        return request.get().recover(e -> {
            if (!(e instanceof GraphFailure f) || !f.retryable() || attempt >= limits.attempts()) return Future.failedFuture(e);
            long wait = limits.firstBackoff().toMillis() << (attempt - 1);
            log.info("Graph API answered {} ({}); try {} of {} in {} ms", f.httpStatus(), f.getMessage(), attempt + 1, limits.attempts(), wait);
            Promise<T> later = Promise.promise();
            vertx.setTimer(Math.max(1, wait), id -> withRetries(request, attempt + 1).onComplete(later));
            return later.future();
        });
    }

    private Future<String> call(HttpMethod method, String url, String json) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
                .setTimeout(limits.timeout().toMillis())
                .putHeader("Authorization", "Bearer " + token).putHeader("Accept", "application/json");
        if (json != null) options.putHeader("Content-Type", "application/json");
        return http.request(options)
                .compose(req -> (json == null ? req.send() : req.send(json)).compose(resp -> resp.body().compose(b -> {
                    if (resp.statusCode() >= 200 && resp.statusCode() < 300) return Future.succeededFuture(b.toString());
                    return Future.<String>failedFuture(GraphCodec.failure(resp.statusCode(), b.toString()));
                })))
                .recover(e -> Future.failedFuture(e instanceof GraphFailure ? e : new GraphFailure(0, null, "Graph API unreachable: " + e.getMessage())));
    }

    private Future<byte[]> download(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return Future.failedFuture(new GraphFailure(0, null, "the media URL is not valid"));
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            return Future.failedFuture(new GraphFailure(0, null, "the media URL is not http(s)"));
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setTimeout(limits.timeout().toMillis()).putHeader("Authorization", "Bearer " + token);
        return http.request(options).compose(req -> req.send().compose(resp -> {
            if (resp.statusCode() < 200 || resp.statusCode() >= 300) {
                return resp.body().compose(b -> Future.<byte[]>failedFuture(GraphCodec.failure(resp.statusCode(), b.toString())));
            }
            Promise<byte[]> done = Promise.promise();
            Buffer all = Buffer.buffer();
            resp.handler(chunk -> {
                if (all.length() + chunk.length() > limits.maxMediaBytes()) {
                    done.tryFail(new GraphFailure(0, null, "the media is over " + limits.maxMediaBytes() + " bytes"));
                    req.connection().close();
                } else {
                    all.appendBuffer(chunk);
                }
            });
            resp.endHandler(v -> done.tryComplete(all.getBytes()));
            resp.exceptionHandler(done::tryFail);
            return done.future();
        })).recover(e -> Future.failedFuture(e instanceof GraphFailure ? e : new GraphFailure(0, null, "media download failed: " + e.getMessage())));
    }
}

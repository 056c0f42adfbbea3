package dev.callbridge.engine.translate;

import dev.callbridge.config.Secret;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.HttpErrorBody;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * {@link Translator} over one request and one JSON answer per text: the transport shared by
 * LibreTranslate, DeepL and apertium-apy, whose differences are all in their
 * {@link TranslationProtocol}. It sends, reads the answer whole (bounded), and hands the bytes to
 * the codec; it parses nothing itself.
 *
 * <p>Every wait is bounded: connecting, and the whole answer from the request going out to its last
 * byte. A request that runs out of time is reset, which closes its connection; one that ends
 * normally leaves its connection in the pool for the next utterance.
 */
public final class HttpTranslator implements Translator {

    /**
     * @param answer       from the request going out to the answer's last byte
     * @param maxBodyBytes an answer longer than this is cut off as a failure; a translated utterance is a few hundred bytes
     */
    public record Limits(Duration connect, Duration answer, int maxBodyBytes) {
        public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(5), Duration.ofSeconds(5), 256 * 1024);

        public Limits withAnswer(Duration answer) {
            return new Limits(connect, answer, maxBodyBytes);
        }
    }

    private final Vertx vertx;
    private final HttpClientAgent http;
    private final URI baseUrl;
    private final TranslationProtocol protocol;
    private final Limits limits;
    private final String apiKey;
    /** The server's pairs once asked; shared by every call's context, so a race merely asks twice. */
    private volatile Future<Set<String>> pairs;

    /**
     * @param baseUrl no trailing slash; the protocol's path is appended
     * @param apiKey  only to scrub it from error messages (the protocol puts it in the request); may be null
     */
    public HttpTranslator(Vertx vertx, URI baseUrl, Secret apiKey, TranslationProtocol protocol, Limits limits) {
        this.vertx = vertx;
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.apiKey = apiKey == null ? null : apiKey.reveal();
        // Every live call may translate at once against the same host: Vert.x's default pool of 5 per
        // host would queue the sixth call's sentence behind the others'.
        this.http = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout((int) limits.connect().toMillis()).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(10_000));
    }

    @Override
    public Future<Translation> translate(String text, String from, String to) {
        if (Vertx.currentContext() == null) throw new IllegalStateException("Translator.translate must be called on a Vert.x context");
        TranslationProtocol.Request request;
        try {
            request = protocol.request(text, from, to);
        } catch (EngineFailure e) {
            return Future.failedFuture(e);
        }
        long start = System.nanoTime();
        return exchange(request).compose(body -> {
            try {
                String translated = protocol.translatedText(body);
                return Future.succeededFuture(new Translation(translated.strip(), Duration.ofNanos(System.nanoTime() - start), protocol.engine()));
            } catch (TranslationProtocol.Unreadable e) {
                return Future.failedFuture(EngineFailure.of(Engine.TRANSLATE, Kind.PROTOCOL,
                        protocol.api() + ": unreadable answer: " + HttpErrorBody.scrub(e.getMessage(), apiKey)));
            }
        });
    }

    /** Asks the server for its pairs once (the first caller's context), then answers from them; a failed ask is asked again next time. */
    @Override
    public Future<Boolean> supports(String from, String to) {
        if (protocol.pairsRequest().isEmpty()) return Future.succeededFuture(true);
        String key = protocol.pairKey(from, to);
        if (key == null) return Future.succeededFuture(false);
        Future<Set<String>> known = pairs;
        if (known == null || known.failed()) {
            known = exchange(protocol.pairsRequest().get()).compose(body -> {
                try {
                    return Future.succeededFuture(protocol.pairs(body));
                } catch (TranslationProtocol.Unreadable e) {
                    return Future.failedFuture(EngineFailure.of(Engine.TRANSLATE, Kind.PROTOCOL, protocol.api() + ": unreadable list of pairs: " + e.getMessage()));
                }
            });
            pairs = known;
        }
        return known.map(set -> set.contains(key));
    }

    /** Sends one request; the future holds a 2xx answer's whole body, or fails with a typed failure. */
    private Future<byte[]> exchange(TranslationProtocol.Request call) {
        Promise<byte[]> promise = Promise.promise();
        RequestOptions options = new RequestOptions().setMethod(call.method()).setAbsoluteURI(baseUrl + call.pathAndQuery())
                .putHeader("Accept", "application/json");
        if (call.contentType() != null) options.putHeader("Content-Type", call.contentType());
        call.headers().forEach(options::putHeader);
        HttpClientRequest[] sent = new HttpClientRequest[1];
        long timer = vertx.setTimer(limits.answer().toMillis(), id -> {
            if (promise.tryFail(EngineFailure.of(Engine.TRANSLATE, Kind.TIMEOUT,
                    protocol.api() + ": no whole answer within " + limits.answer().toMillis() + " ms of the request")) && sent[0] != null) {
                sent[0].reset();
            }
        });
        promise.future().onComplete(done -> vertx.cancelTimer(timer));
        http.request(options).onComplete(ar -> {
            if (ar.failed()) {
                promise.tryFail(EngineFailure.unreachable(Engine.TRANSLATE, protocol.api(), baseUrl, limits.connect(), ar.cause()));
                return;
            }
            HttpClientRequest request = ar.result();
            sent[0] = request;
            if (promise.future().isComplete()) {
                request.reset();
                return;
            }
            Future<HttpClientResponse> response = call.body() == null ? request.send() : request.send(Buffer.buffer(call.body()));
            response.onComplete(r -> {
                if (r.failed()) promise.tryFail(dropped("before an answer", r.cause()));
                else read(r.result(), request, promise);
            });
        });
        return promise.future();
    }

    private void read(HttpClientResponse response, HttpClientRequest request, Promise<byte[]> promise) {
        int status = response.statusCode();
        String type = response.getHeader("Content-Type");
        Buffer body = Buffer.buffer();
        response.handler(b -> {
            if (promise.future().isComplete()) return;
            if (body.length() + b.length() > limits.maxBodyBytes()) {
                if (status / 100 == 2) {
                    promise.tryFail(EngineFailure.of(Engine.TRANSLATE, Kind.PROTOCOL,
                            protocol.api() + ": answer longer than " + limits.maxBodyBytes() + " bytes"));
                } else {
                    body.appendBuffer(b, 0, limits.maxBodyBytes() - body.length());
                    promise.tryFail(refused(status, type, body, response));
                }
                request.reset();
                return;
            }
            body.appendBuffer(b);
        });
        response.exceptionHandler(e -> promise.tryFail(status / 100 == 2 ? dropped("mid-answer", e) : refused(status, type, body, response)));
        response.endHandler(v -> {
            if (status / 100 == 2) promise.tryComplete(body.getBytes());
            else promise.tryFail(refused(status, type, body, response));
        });
    }

    private EngineFailure refused(int status, String type, Buffer body, HttpClientResponse response) {
        Duration retryAfter = HttpErrorBody.retryAfter(response.getHeader("retry-after-ms"), response.getHeader("Retry-After"));
        return protocol.refused(status, type, body.getBytes(), retryAfter, apiKey);
    }

    private EngineFailure dropped(String when, Throwable cause) {
        return EngineFailure.of(Engine.TRANSLATE, Kind.DROPPED, protocol.api() + ": connection lost " + when + ": " + EngineFailure.describe(cause));
    }

    public Future<Void> close() {
        return http.close();
    }
}

package dev.callbridge.engine.llm;

import dev.callbridge.engine.EngineFailure;
import dev.callbridge.config.Config;
import dev.callbridge.config.Secret;
import dev.callbridge.engine.FunctionTool;
import dev.callbridge.engine.HttpErrorBody;
import dev.callbridge.engine.llm.ChatCompletionsEvent.End;
import dev.callbridge.engine.llm.ChatCompletionsEvent.ServerError;
import dev.callbridge.engine.llm.ChatCompletionsEvent.Text;
import dev.callbridge.engine.llm.ChatCompletionsEvent.ToolCallReady;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.EngineFailure.Engine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ChatModel} over the OpenAI-compatible {@code POST {base}/chat/completions} with
 * {@code "stream": true}: the transport. It sends the request, feeds the body to a
 * {@link ChatCompletionsDecoder} as it arrives and turns what comes out into listener calls; it
 * does no parsing of its own beyond error bodies. Serves OpenAI, Groq, OpenRouter, vLLM and Ollama
 * alike (the base URL ends in {@code /v1}).
 *
 * <p>Every wait is bounded: connecting, the first byte of the body after the request went out,
 * and each gap between pieces of it. The body is bounded too, and an error body is read only up
 * to {@link #MAX_ERROR_BODY_BYTES}. Cancelling or failing aborts the request, which closes its
 * connection (an HTTP/1.1 response cannot be stopped any other way); a stream that ends normally
 * leaves its connection in the pool for the next turn.
 */
public final class ChatCompletionsClient implements ChatModel {
    private static final Logger log = LoggerFactory.getLogger(ChatCompletionsClient.class);
    /** Error answers are a line of JSON; a proxy's HTML page is cut here. */
    static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    /**
     * @param baseUrl      ends in {@code /v1}, no trailing slash: {@code /chat/completions} is appended
     * @param apiKey       sent as a bearer token; null sends no Authorization header (local servers)
     * @param includeUsage send {@code stream_options.include_usage}, for the usage chunk
     */
    public record Settings(URI baseUrl, Secret apiKey, String model, boolean includeUsage, Limits limits) {
        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(limits, "limits");
        }

        /** From the {@code LLM_*} variables. */
        public static Settings from(Config.Llm llm) {
            return new Settings(llm.url(), llm.apiKey(), llm.model(), llm.includeUsage(),
                    Limits.DEFAULTS.withTimeouts(llm.timeout(), llm.timeout()));
        }
    }

    /**
     * @param firstByte from the request going out to the first byte of the answer's body: the model's
     *                  time to first token plus the network
     * @param idle      the longest gap between two pieces of the body
     */
    public record Limits(Duration connect, Duration firstByte, Duration idle, int maxLineBytes, long maxBodyBytes) {
        /** A caller waits on the line, so seconds, not minutes; a whole answer is a few KB. */
        public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10),
                1024 * 1024, 8L * 1024 * 1024);

        public Limits withTimeouts(Duration firstByte, Duration idle) {
            return new Limits(connect, firstByte, idle, maxLineBytes, maxBodyBytes);
        }
    }

    private final Vertx vertx;
    private final HttpClientAgent http;
    private final Settings settings;
    private final ChatModelMetrics metrics;
    private final String url;

    public ChatCompletionsClient(Vertx vertx, Settings settings, ChatModelMetrics metrics) {
        this.vertx = vertx;
        this.settings = settings;
        this.metrics = metrics;
        this.url = settings.baseUrl() + "/chat/completions";
        // Every live call may hold one stream to the same host: Vert.x's default pool of 5 per host
        // would make the sixth call's turn wait, silently, for another's to end.
        this.http = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout((int) settings.limits().connect().toMillis()).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(10_000));
    }

    @Override
    public ChatStream stream(List<ChatMessage> messages, List<FunctionTool> tools, ChatListener listener) {
        Context context = Vertx.currentContext();
        if (context == null) throw new IllegalStateException("ChatModel.stream must be called on a Vert.x context");
        Exchange exchange = new Exchange(context, listener);
        exchange.start(ChatRequestWriter.write(settings.model(), settings.includeUsage(), List.copyOf(messages), List.copyOf(tools)));
        return exchange;
    }

    public Future<Void> close() {
        return http.close();
    }

    /**
     * One request and its answer. Everything but {@link #cancelled} is touched only on
     * {@link #context}, where Vert.x runs the request's and the timers' handlers.
     */
    private final class Exchange implements ChatStream {
        private final Context context;
        private final ChatListener listener;
        private final ChatCompletionsDecoder decoder;
        private final List<ChatCompletionsEvent> events = new ArrayList<>();
        /** Set by {@link #cancel} from any thread; checked before every listener call. */
        private volatile boolean cancelled;
        private boolean over;
        private HttpClientRequest request;
        private long sentAt;
        private long lastByteAt;
        private boolean bodyStarted;
        private boolean firstTokenSeen;
        private boolean bodyEnded;
        private long timer = -1;

        Exchange(Context context, ChatListener listener) {
            this.context = context;
            this.listener = listener;
            this.decoder = new ChatCompletionsDecoder(settings.limits().maxLineBytes(), settings.limits().maxBodyBytes());
        }

        void start(byte[] body) {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Accept", "text/event-stream");
            if (settings.apiKey() != null) options.putHeader("Authorization", "Bearer " + settings.apiKey().reveal());
            http.request(options).onComplete(ar -> {
                if (ar.failed()) {
                    if (!over) fail(unreachable(ar.cause()));
                    return;
                }
                request = ar.result();
                if (over) {
                    request.reset();
                    return;
                }
                sentAt = lastByteAt = System.nanoTime();
                watch(settings.limits().firstByte().toNanos());
                request.send(Buffer.buffer(body)).onComplete(sent -> {
                    if (over) return;
                    if (sent.failed()) fail(EngineFailure.of(Engine.LLM, Kind.DROPPED, "LLM API: connection lost before an answer: " + EngineFailure.describe(sent.cause())));
                    else onResponse(sent.result());
                });
            });
        }

        private void onResponse(HttpClientResponse response) {
            int status = response.statusCode();
            String type = response.getHeader("Content-Type");
            boolean sse = type != null && type.toLowerCase(Locale.ROOT).contains("text/event-stream");
            if (status / 100 == 2 && sse) {
                response.handler(this::onBytes);
                response.endHandler(v -> {
                    bodyEnded = true;
                    onBodyEnd();
                });
                response.exceptionHandler(e -> {
                    if (!over) fail(EngineFailure.of(Engine.LLM, Kind.DROPPED, "LLM API: connection lost mid-stream after " + decoder.progress()
                            + ": " + EngineFailure.describe(e)));
                });
                return;
            }
            // An error answer: read it (bounded) for the server's own message.
            Buffer body = Buffer.buffer();
            Duration retryAfter = HttpErrorBody.retryAfter(response.getHeader("retry-after-ms"), response.getHeader("Retry-After"));
            response.handler(b -> {
                if (over) return;
                lastByteAt = System.nanoTime();
                bodyStarted = true;
                body.appendBuffer(b, 0, Math.min(b.length(), MAX_ERROR_BODY_BYTES - body.length()));
                if (body.length() >= MAX_ERROR_BODY_BYTES) fail(EngineFailure.refused(Engine.LLM, "LLM API", status, type, "text/event-stream", body.getBytes(), retryAfter, key()));
            });
            response.endHandler(v -> {
                if (!over) fail(EngineFailure.refused(Engine.LLM, "LLM API", status, type, "text/event-stream", body.getBytes(), retryAfter, key()));
            });
            response.exceptionHandler(e -> {
                if (!over) fail(EngineFailure.refused(Engine.LLM, "LLM API", status, type, "text/event-stream", body.getBytes(), retryAfter, key()));
            });
        }

        private void onBytes(Buffer buffer) {
            if (over) return;
            lastByteAt = System.nanoTime();
            bodyStarted = true;
            byte[] bytes = buffer.getBytes();
            try {
                decoder.feed(bytes, 0, bytes.length, events);
            } catch (ChatProtocolException e) {
                deliver();
                if (!over) fail(EngineFailure.of(Engine.LLM, Kind.PROTOCOL, "LLM API: unreadable stream: " + e.getMessage()));
                return;
            }
            deliver();
        }

        private void onBodyEnd() {
            if (over) return;
            try {
                decoder.end(events);
            } catch (ChatProtocolException e) {
                deliver();
                if (!over) fail(EngineFailure.of(Engine.LLM, Kind.PROTOCOL, "LLM API: unreadable stream: " + e.getMessage()));
                return;
            }
            deliver();
            if (!over) fail(EngineFailure.of(Engine.LLM, Kind.DROPPED, "LLM API: the stream ended without [DONE] after " + decoder.progress()));
        }

        /** Hands decoded events to the listener, in order, stopping at once when cancelled. */
        private void deliver() {
            try {
                for (ChatCompletionsEvent event : events) {
                    if (over || cancelled) return;
                    switch (event) {
                        case Text t -> {
                            firstToken();
                            listener.onText(t.delta());
                        }
                        case ToolCallReady c -> {
                            firstToken();
                            listener.onToolCall(c.call());
                        }
                        case End e -> {
                            finish("end");
                            releaseWhenDrained();
                            listener.onEnd(e.end());
                        }
                        case ServerError e -> fail(new EngineFailure(Engine.LLM, Kind.STREAM_ERROR, 0,
                                "LLM API: error in the stream after " + decoder.progress() + ": " + HttpErrorBody.scrub(e.message(), key()),
                                HttpErrorBody.scrub(e.message(), key()), e.type(), e.code(), null, 0));
                    }
                }
            } catch (RuntimeException e) {
                // A listener bug: the stream cannot go on coherently, and the bug must be seen.
                log.error("ChatListener threw; the completion is abandoned", e);
                abort("listener-error");
            } finally {
                events.clear();
            }
        }

        private void firstToken() {
            if (firstTokenSeen) return;
            firstTokenSeen = true;
            metrics.firstToken(System.nanoTime() - sentAt);
        }

        /** One timer per exchange, re-armed for what is left rather than on every piece of the body. */
        private void watch(long nanos) {
            timer = vertx.setTimer(Math.max(1, nanos / 1_000_000), id -> {
                timer = -1;
                if (over) return;
                long limit = (bodyStarted ? settings.limits().idle() : settings.limits().firstByte()).toNanos();
                long left = lastByteAt + limit - System.nanoTime();
                if (left > 0) {
                    watch(left);
                    return;
                }
                fail(EngineFailure.of(Engine.LLM, Kind.TIMEOUT, bodyStarted
                        ? "LLM API: nothing for " + settings.limits().idle().toMillis() + " ms mid-stream after " + decoder.progress()
                        : "LLM API: no answer within " + settings.limits().firstByte().toMillis() + " ms of the request"));
            });
        }

        private void fail(EngineFailure failure) {
            if (over) return;
            abort(failure.kind().label());
            if (!cancelled) listener.onFailure(failure);
        }

        private void finish(String outcome) {
            over = true;
            stopWatching();
            metrics.completion(outcome);
        }

        private void abort(String outcome) {
            if (over) return;
            finish(outcome);
            if (request != null) request.reset();
        }

        /**
         * After {@code [DONE]} the server ends the body and the connection goes back to the pool; one
         * that keeps it open past the idle limit has its connection closed instead of held forever.
         */
        private void releaseWhenDrained() {
            if (bodyEnded) return;
            vertx.setTimer(settings.limits().idle().toMillis(), id -> {
                if (!bodyEnded) request.reset();
            });
        }

        private void stopWatching() {
            if (timer >= 0) vertx.cancelTimer(timer);
            timer = -1;
        }

        @Override
        public void cancel() {
            if (cancelled) return;
            cancelled = true;
            if (Vertx.currentContext() == context) abort("cancelled");
            else context.runOnContext(v -> abort("cancelled"));
        }

        private EngineFailure unreachable(Throwable cause) {
            return EngineFailure.unreachable(Engine.LLM, "LLM API", settings.baseUrl(), settings.limits().connect(), cause);
        }
    }

    private String key() {
        return settings.apiKey() == null ? null : settings.apiKey().reveal();
    }

}

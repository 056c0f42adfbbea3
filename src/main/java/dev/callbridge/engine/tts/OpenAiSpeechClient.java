package dev.callbridge.engine.tts;

import dev.callbridge.engine.EngineFailure;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.config.Config;
import dev.callbridge.config.Secret;
import dev.callbridge.engine.HttpErrorBody;
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
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TextToSpeech} over the OpenAI-compatible {@code POST {base}/audio/speech} with
 * {@code "response_format": "pcm"}: raw 24 kHz 16-bit little-endian mono, which OpenAI streams as
 * it synthesises and which self-hosted servers (Kokoro-FastAPI, LocalAI, speaches) speak too. The
 * body is converted to the leg's format as it arrives ({@link PcmToLeg}), so the first frame goes
 * out long before the sentence is finished. The API has no language field; the voice follows the
 * text, so {@code language} is not sent.
 *
 * <p>Every wait is bounded: connecting, the first byte of the body after the request went out, and
 * each gap between pieces of it; so is the audio's length ({@link Limits#maxAudio}). An error body
 * is read only up to {@link #MAX_ERROR_BODY_BYTES}. Cancelling or failing aborts the request,
 * which closes its connection (an HTTP/1.1 response cannot be stopped any other way); a response
 * read to its end leaves the connection in the pool for the next sentence.
 */
public final class OpenAiSpeechClient implements TextToSpeech {
    private static final Logger log = LoggerFactory.getLogger(OpenAiSpeechClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What {@code "response_format": "pcm"} means in OpenAI's API reference. */
    static final AudioFormat PCM = AudioFormat.L16_24K;
    static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    /** Raw PCM as servers label it; mp3, wav or JSON under a 2xx would play as noise, so they are refused. */
    private static final Set<String> PCM_TYPES = Set.of("audio/pcm", "audio/l16", "audio/raw", "audio/x-raw", "application/octet-stream");

    /**
     * @param baseUrl ends in {@code /v1}, no trailing slash: {@code /audio/speech} is appended
     * @param apiKey  sent as a bearer token; null sends no Authorization header (local servers)
     */
    public record Settings(URI baseUrl, Secret apiKey, String model, String voice, Limits limits) {
        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(voice, "voice");
            Objects.requireNonNull(limits, "limits");
        }

        /** From the {@code TTS_*} variables. */
        public static Settings from(Config.Tts tts) {
            return new Settings(tts.url(), tts.apiKey(), tts.model(), tts.voice(), Limits.DEFAULTS);
        }
    }

    /**
     * @param firstByte from the request going out to the first byte of audio: the server's time to first audio
     * @param idle      the longest gap between two pieces of the body
     * @param maxAudio  the longest speech one request may return; a sentence is seconds, so more is a runaway
     */
    public record Limits(Duration connect, Duration firstByte, Duration idle, Duration maxAudio) {
        public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofMinutes(5));
    }

    private final Vertx vertx;
    private final HttpClientAgent http;
    private final Settings settings;
    private final TextToSpeechMetrics metrics;
    private final String url;
    private final long maxPcmBytes;

    public OpenAiSpeechClient(Vertx vertx, Settings settings, TextToSpeechMetrics metrics) {
        this.vertx = vertx;
        this.settings = settings;
        this.metrics = metrics;
        this.url = settings.baseUrl() + "/audio/speech";
        this.maxPcmBytes = PCM.bytesPerSecond() * settings.limits().maxAudio().toMillis() / 1000;
        // Every live call may be speaking at once: Vert.x's default pool of 5 per host would queue the sixth, silently.
        this.http = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout((int) settings.limits().connect().toMillis()).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(10_000));
    }

    @Override
    public Synthesis speak(String text, String language, AudioFormat out, SpeechListener listener) {
        Context context = Vertx.currentContext();
        if (context == null) throw new IllegalStateException("TextToSpeech.speak must be called on a Vert.x context");
        if (text == null || text.isBlank()) throw new IllegalArgumentException("nothing to say: the text is blank");
        Exchange exchange = new Exchange(context, listener, new PcmToLeg(PCM, out));
        exchange.start(requestBody(text));
        return exchange;
    }

    public Future<Void> close() {
        return http.close();
    }

    private byte[] requestBody(String text) {
        ObjectNode body = JSON.createObjectNode()
                .put("model", settings.model())
                .put("input", text)
                .put("voice", settings.voice())
                .put("response_format", "pcm");
        try {
            return JSON.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write a JSON object of strings", e);
        }
    }

    /**
     * One request and its audio. Everything but {@link #cancelled} is touched only on {@link #context},
     * where Vert.x runs the request's and the timers' handlers.
     */
    private final class Exchange implements Synthesis {
        private final Context context;
        private final SpeechListener listener;
        private final PcmToLeg converter;
        private volatile boolean cancelled;
        private boolean over;
        private HttpClientRequest request;
        private long sentAt;
        private long lastByteAt;
        private boolean bodyStarted;
        private long pcmBytes;
        private long deliveredMicros;
        private long timer = -1;

        Exchange(Context context, SpeechListener listener, PcmToLeg converter) {
            this.context = context;
            this.listener = listener;
            this.converter = converter;
        }

        void start(byte[] body) {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                    .putHeader("Content-Type", "application/json");
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
                    if (sent.failed()) fail(EngineFailure.of(Engine.TTS, Kind.DROPPED, "TTS API: connection lost before an answer: " + EngineFailure.describe(sent.cause())));
                    else onResponse(sent.result());
                });
            });
        }

        private void onResponse(HttpClientResponse response) {
            int status = response.statusCode();
            String type = response.getHeader("Content-Type");
            if (status / 100 == 2 && isPcm(type)) {
                response.handler(this::onBytes);
                response.endHandler(v -> onBodyEnd());
                response.exceptionHandler(e -> {
                    if (!over) fail(EngineFailure.afterAudio(Engine.TTS, Kind.DROPPED, "TTS API: connection lost mid-stream after " + heard() + ": " + EngineFailure.describe(e),
                            deliveredMillis()));
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
                if (body.length() >= MAX_ERROR_BODY_BYTES) fail(httpFailure(status, type, body.getBytes(), retryAfter));
            });
            response.endHandler(v -> {
                if (!over) fail(httpFailure(status, type, body.getBytes(), retryAfter));
            });
            response.exceptionHandler(e -> {
                if (!over) fail(httpFailure(status, type, body.getBytes(), retryAfter));
            });
        }

        private void onBytes(Buffer buffer) {
            if (over) return;
            lastByteAt = System.nanoTime();
            bodyStarted = true;
            byte[] bytes = buffer.getBytes();
            boolean tooLong = pcmBytes + bytes.length > maxPcmBytes;
            if (tooLong) bytes = java.util.Arrays.copyOf(bytes, (int) (maxPcmBytes - pcmBytes));
            pcmBytes += bytes.length;
            deliver(converter.push(bytes));
            if (tooLong && !over) {
                converter.flush().ifPresent(last -> deliver(List.of(last)));
                fail(EngineFailure.afterAudio(Engine.TTS, Kind.TOO_LONG, "TTS API: the audio went on past " + settings.limits().maxAudio().toSeconds()
                        + " s and was cut there", deliveredMillis()));
            }
        }

        private void onBodyEnd() {
            if (over) return;
            converter.flush().ifPresent(last -> deliver(List.of(last)));
            if (over || cancelled) return;
            finish("end");
            listener.onEnd();
        }

        private void deliver(List<AudioChunk> frames) {
            try {
                for (AudioChunk frame : frames) {
                    if (over || cancelled) return;
                    if (deliveredMicros == 0) metrics.firstAudio(System.nanoTime() - sentAt);
                    deliveredMicros += frame.durationMicros();
                    listener.onAudio(frame);
                }
            } catch (RuntimeException e) {
                // A listener bug: the synthesis cannot go on coherently, and the bug must be seen.
                log.error("SpeechListener threw; the synthesis is abandoned", e);
                abort("listener-error");
            }
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
                fail(EngineFailure.afterAudio(Engine.TTS, Kind.TIMEOUT, bodyStarted
                        ? "TTS API: nothing for " + settings.limits().idle().toMillis() + " ms mid-stream after " + heard()
                        : "TTS API: no answer within " + settings.limits().firstByte().toMillis() + " ms of the request", deliveredMillis()));
            });
        }

        private void fail(EngineFailure failure) {
            if (over) return;
            abort(failure.kind().label());
            if (!cancelled) listener.onFailure(failure);
        }

        private void finish(String outcome) {
            over = true;
            if (timer >= 0) vertx.cancelTimer(timer);
            timer = -1;
            metrics.synthesis(outcome);
        }

        private void abort(String outcome) {
            if (over) return;
            finish(outcome);
            if (request != null) request.reset();
        }

        @Override
        public void cancel() {
            if (cancelled) return;
            cancelled = true;
            if (Vertx.currentContext() == context) abort("cancelled");
            else context.runOnContext(v -> abort("cancelled"));
        }

        private long deliveredMillis() {
            return deliveredMicros / 1000;
        }

        private String heard() {
            return deliveredMillis() + " ms of audio (" + pcmBytes + " bytes of PCM)";
        }

        private EngineFailure httpFailure(int status, String type, byte[] body, Duration retryAfter) {
            return EngineFailure.refused(Engine.TTS, "TTS API", status, type, "raw PCM", body, retryAfter, key());
        }

        private EngineFailure unreachable(Throwable cause) {
            return EngineFailure.unreachable(Engine.TTS, "TTS API", settings.baseUrl(), settings.limits().connect(), cause);
        }
    }

    /** A missing Content-Type is taken as the PCM asked for: some small servers send none. */
    private static boolean isPcm(String contentType) {
        if (contentType == null) return true;
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return PCM_TYPES.contains(media);
    }

    private String key() {
        return settings.apiKey() == null ? null : settings.apiKey().reveal();
    }

}

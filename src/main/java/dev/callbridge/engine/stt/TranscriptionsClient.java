package dev.callbridge.engine.stt;

import dev.callbridge.engine.EngineFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Encoding;
import dev.callbridge.audio.G711;
import dev.callbridge.audio.Wav;
import dev.callbridge.config.Config;
import dev.callbridge.config.Secret;
import dev.callbridge.engine.HttpErrorBody;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.EngineFailure.Engine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.Arrays;
import java.util.Objects;

/**
 * {@link SpeechToText} over the OpenAI-compatible {@code POST {base}/audio/transcriptions}: one
 * utterance per request, sent as a 16-bit PCM WAV in a {@code multipart/form-data} body with
 * {@code model}, {@code language} when known and {@code response_format=json}; the answer is
 * {@code {"text": …}}. Serves OpenAI, Groq, and Whisper servers on one's own GPU
 * (faster-whisper/speaches, whisper.cpp, LocalAI) alike.
 *
 * <p>Bounded everywhere: the audio buffered per utterance ({@link Limits#maxAudio}; past it the
 * utterance fails as {@link Kind#TOO_LONG} and the buffer is dropped), connecting, the whole
 * answer, and the answer's size. Cancelling or failing aborts the request, closing its connection.
 */
public final class TranscriptionsClient implements SpeechToText {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param baseUrl ends in {@code /v1}, no trailing slash: {@code /audio/transcriptions} is appended
     * @param apiKey  sent as a bearer token; null sends no Authorization header (local servers)
     */
    public record Settings(URI baseUrl, Secret apiKey, String model, Limits limits) {
        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(limits, "limits");
        }

        /** From the {@code STT_*} variables. */
        public static Settings from(Config.Stt stt) {
            return new Settings(stt.url(), stt.apiKey(), stt.model(), Limits.DEFAULTS.withAnswer(stt.timeout()));
        }
    }

    /**
     * @param answer   from the request going out to the whole answer: upload, transcription and download
     * @param maxAudio the longest utterance buffered; a caller who talks longer gets a failure, not a growing buffer
     */
    public record Limits(Duration connect, Duration answer, Duration maxAudio, int maxAnswerBytes) {
        public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(60), 1024 * 1024);

        public Limits withAnswer(Duration answer) {
            return new Limits(connect, answer, maxAudio, maxAnswerBytes);
        }

        public Limits withMaxAudio(Duration maxAudio) {
            return new Limits(connect, answer, maxAudio, maxAnswerBytes);
        }
    }

    private final Vertx vertx;
    private final HttpClientAgent http;
    private final Settings settings;
    private final SpeechToTextMetrics metrics;
    private final String url;

    public TranscriptionsClient(Vertx vertx, Settings settings, SpeechToTextMetrics metrics) {
        this.vertx = vertx;
        this.settings = settings;
        this.metrics = metrics;
        this.url = settings.baseUrl() + "/audio/transcriptions";
        // One request per live call may be in flight to the same host; the default pool of 5 would queue the sixth.
        this.http = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout((int) settings.limits().connect().toMillis()).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(10_000));
    }

    @Override
    public Session open(AudioFormat format, String language, Listener listener) {
        Context context = Vertx.currentContext();
        if (context == null) throw new IllegalStateException("SpeechToText.open must be called on a Vert.x context");
        return new Utterance(context, format, language, listener);
    }

    /**
     * A whole recorded file in its own container (a WhatsApp voice note's Ogg/Opus, MP3, M4A…), sent as
     * it is for the server to decode. Call it on a Vert.x context; the future completes there.
     *
     * @param fileName a name with the extension the server goes by ({@code voice.ogg})
     */
    public Future<Transcript> transcribeFile(byte[] file, String fileName, String contentType, String language) {
        Context context = Vertx.currentContext();
        if (context == null) throw new IllegalStateException("transcribeFile must be called on a Vert.x context");
        Promise<Transcript> done = Promise.promise();
        Utterance utterance = new Utterance(context, AudioFormat.L16_16K, language, new Listener() {
            @Override
            public void onFinal(Transcript transcript) {
                done.tryComplete(transcript);
            }

            @Override
            public void onFailure(EngineFailure failure) {
                done.tryFail(failure);
            }
        });
        utterance.sendFile(file, fileName, contentType);
        return done.future();
    }

    public Future<Void> close() {
        return http.close();
    }

    /** One utterance: its buffer, then its request. Touched only on {@link #context}. */
    private final class Utterance implements Session {
        private final Context context;
        private final AudioFormat format;
        private final String language;
        private final Listener listener;
        /** Always L16 at the leg's rate; G.711 is expanded as it arrives. */
        private byte[] pcm = new byte[4096];
        private int length;
        private final int maxBytes;
        private boolean ended;
        private boolean over;
        private boolean cancelled;
        private HttpClientRequest request;
        private long endedAt;
        private long timer = -1;

        Utterance(Context context, AudioFormat format, String language, Listener listener) {
            this.context = context;
            this.format = format;
            this.language = language;
            this.listener = listener;
            this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 64, 2L * format.sampleRate() * settings.limits().maxAudio().toMillis() / 1000);
        }

        @Override
        public void audio(AudioChunk chunk) {
            if (ended || over) return;
            if (!chunk.format().equals(format)) throw new IllegalArgumentException("expected " + format + " audio, got " + chunk.format());
            byte[] linear = switch (format.encoding()) {
                case PCMU -> G711.ulawToPcm16(chunk.data());
                case PCMA -> G711.alawToPcm16(chunk.data());
                case L16 -> chunk.data();
            };
            if (length + linear.length > maxBytes) {
                pcm = null;
                failLater(EngineFailure.of(Engine.STT, Kind.TOO_LONG, "STT: the utterance ran past " + settings.limits().maxAudio().toSeconds()
                        + " s of audio; it was dropped, not sent"));
                return;
            }
            if (length + linear.length > pcm.length) pcm = Arrays.copyOf(pcm, Math.min(maxBytes, Math.max(pcm.length * 2, length + linear.length)));
            System.arraycopy(linear, 0, pcm, length, linear.length);
            length += linear.length;
        }

        @Override
        public void endOfUtterance() {
            if (ended || over) return;
            ended = true;
            endedAt = System.nanoTime();
            Duration audio = Duration.ofNanos(new AudioFormat(Encoding.L16, format.sampleRate()).micros(length) * 1000);
            if (length == 0) {
                // Nothing to transcribe: an answer without a request, still on the context and still exactly one.
                over = true;
                metrics.utterance("empty");
                context.runOnContext(v -> {
                    if (!cancelled) listener.onFinal(new Transcript("", language, audio, Duration.ZERO));
                });
                return;
            }
            byte[] wav = Wav.encode(new AudioChunk(new AudioFormat(Encoding.L16, format.sampleRate()), Arrays.copyOf(pcm, length)));
            pcm = null;
            MultipartForm form = new MultipartForm().file("file", "utterance.wav", "audio/wav", wav).field("model", settings.model());
            if (language != null) form.field("language", language);
            MultipartForm.Encoded body = form.field("response_format", "json").encode();
            send(body, audio);
        }

        /** The file as recorded, instead of buffered PCM; its length in time is not known here. */
        void sendFile(byte[] file, String fileName, String contentType) {
            ended = true;
            endedAt = System.nanoTime();
            pcm = null;
            MultipartForm form = new MultipartForm().file("file", fileName, contentType, file).field("model", settings.model());
            if (language != null) form.field("language", language);
            send(form.field("response_format", "json").encode(), Duration.ZERO);
        }

        private void send(MultipartForm.Encoded body, Duration audio) {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                    .putHeader("Content-Type", body.contentType()).putHeader("Accept", "application/json");
            if (settings.apiKey() != null) options.putHeader("Authorization", "Bearer " + settings.apiKey().reveal());
            timer = vertx.setTimer(settings.limits().answer().toMillis(), id -> {
                timer = -1;
                fail(EngineFailure.of(Engine.STT, Kind.TIMEOUT, "STT API: no whole answer within " + settings.limits().answer().toMillis() + " ms of the request"));
            });
            http.request(options).onComplete(ar -> {
                if (over) {
                    if (ar.succeeded()) ar.result().reset();
                    return;
                }
                if (ar.failed()) {
                    fail(unreachable(ar.cause()));
                    return;
                }
                request = ar.result();
                request.send(Buffer.buffer(body.body())).onComplete(sent -> {
                    if (over) return;
                    if (sent.failed()) fail(EngineFailure.of(Engine.STT, Kind.DROPPED, "STT API: connection lost before an answer: " + EngineFailure.describe(sent.cause())));
                    else onResponse(sent.result(), audio);
                });
            });
        }

        private void onResponse(HttpClientResponse response, Duration audio) {
            int status = response.statusCode();
            Buffer body = Buffer.buffer();
            int max = settings.limits().maxAnswerBytes();
            response.handler(b -> {
                if (over) return;
                body.appendBuffer(b, 0, Math.min(b.length(), max - body.length()));
                if (body.length() >= max) {
                    if (status / 100 == 2) fail(EngineFailure.of(Engine.STT, Kind.PROTOCOL, "STT API: answer larger than " + max + " bytes"));
                    else fail(httpFailure(response, body.getBytes()));
                }
            });
            response.exceptionHandler(e -> {
                if (!over) fail(EngineFailure.of(Engine.STT, Kind.DROPPED, "STT API: connection lost mid-answer: " + EngineFailure.describe(e)));
            });
            response.endHandler(v -> {
                if (over) return;
                if (status / 100 == 2) answer(response.getHeader("Content-Type"), body.getBytes(), audio);
                else fail(httpFailure(response, body.getBytes()));
            });
        }

        private void answer(String contentType, byte[] body, Duration audio) {
            JsonNode text = null;
            JsonNode json = null;
            try {
                json = JSON.readTree(body);
                if (json != null && json.isObject()) text = json.get("text");
            } catch (Exception ignored) {
                // reported below
            }
            if (text == null || !text.isTextual()) {
                fail(EngineFailure.of(Engine.STT, Kind.PROTOCOL, "STT API: expected JSON with \"text\", got "
                        + (contentType == null ? "no Content-Type" : contentType) + ": "
                        + Objects.requireNonNullElse(HttpErrorBody.parse(body, key()).excerpt(), "an empty body")));
                return;
            }
            JsonNode detected = json.get("language");
            String lang = language != null ? language : detected != null && detected.isTextual() ? detected.asText() : null;
            long latency = System.nanoTime() - endedAt;
            finish("final");
            metrics.latency(latency);
            // Whisper puts a space before the first word; callers want the words.
            if (!cancelled) listener.onFinal(new Transcript(text.asText().strip(), lang, audio, Duration.ofNanos(latency)));
        }

        private EngineFailure httpFailure(HttpClientResponse response, byte[] body) {
            Duration retryAfter = HttpErrorBody.retryAfter(response.getHeader("retry-after-ms"), response.getHeader("Retry-After"));
            return EngineFailure.refused(Engine.STT, "STT API", response.statusCode(), response.getHeader("Content-Type"), "JSON",
                    body, retryAfter, key());
        }

        /** A failure found inside {@link #audio}: reported on a later turn of the context, never re-entrantly. */
        private void failLater(EngineFailure failure) {
            if (over) return;
            finish(failure.kind().label());
            context.runOnContext(v -> {
                if (!cancelled) listener.onFailure(failure);
            });
        }

        private void fail(EngineFailure failure) {
            if (over) return;
            abort(failure.kind().label());
            if (!cancelled) listener.onFailure(failure);
        }

        private void finish(String outcome) {
            over = true;
            pcm = null;
            if (timer >= 0) vertx.cancelTimer(timer);
            timer = -1;
            metrics.utterance(outcome);
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
            abort("cancelled");
        }

        private EngineFailure unreachable(Throwable cause) {
            return EngineFailure.unreachable(Engine.STT, "STT API", settings.baseUrl(), settings.limits().connect(), cause);
        }
    }

    private String key() {
        return settings.apiKey() == null ? null : settings.apiKey().reveal();
    }

}

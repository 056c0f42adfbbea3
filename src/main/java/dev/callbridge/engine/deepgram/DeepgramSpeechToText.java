package dev.callbridge.engine.deepgram;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.config.Config;
import dev.callbridge.config.Secret;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.stt.SpeechToTextMetrics;
import dev.callbridge.engine.stt.Transcript;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link SpeechToText} over Deepgram's live {@code /v1/listen} WebSocket: one stream per utterance.
 * The stream opens with the utterance's first audio; the leg's bytes go up as they are (μ-law
 * stays μ-law), interim results come back as {@link Listener#onPartial partials}, and at the end
 * {@code Finalize} then {@code CloseStream} flush the rest. The final text is the final results
 * joined, answered at the first sign that nothing more will come: a result marked
 * {@code from_finalize}, the {@code Metadata} that follows {@code CloseStream}, or the server's
 * normal close.
 *
 * <p>A stream per utterance rather than per call: the seam is per utterance, and a shared stream
 * would need a keep-alive through every silence and care to keep one utterance's late results out
 * of the next. What it costs is the handshake (TCP, TLS, upgrade) at each utterance's start, and
 * that overlaps the caller's speech: audio waits in a bounded buffer meanwhile and goes up in
 * order once the socket opens, faster than real time. Only an utterance shorter than the handshake
 * waits for it at the end.
 *
 * <p>Bounded everywhere: the audio waiting for the socket ({@link Limits#maxPending}), the
 * handshake ({@link Limits#connect}), the wait for the answer after the end ({@link Limits#answer}),
 * and the socket's unsent backlog. Failing or cancelling closes the socket.
 */
public final class DeepgramSpeechToText implements SpeechToText {

    /**
     * @param url    the live endpoint, {@code wss://api.deepgram.com/v1/listen}; the query is added per utterance
     * @param apiKey sent as {@code Authorization: Token …}; null sends none (a self-hosted Deepgram without auth)
     * @param model  e.g. {@code nova-3}
     */
    public record Settings(URI url, Secret apiKey, String model, Limits limits) {
        public Settings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(limits, "limits");
        }

        /** From the {@code STT_*} variables. */
        public static Settings from(Config.Stt stt) {
            return new Settings(stt.url(), stt.apiKey(), stt.model(), Limits.DEFAULTS.withAnswer(stt.timeout()));
        }
    }

    /**
     * @param connect    from the first audio to the socket's upgrade
     * @param answer     from {@code endOfUtterance} to the final text
     * @param maxPending the most audio held while the socket opens; past it the utterance fails, nothing is dropped silently.
     *                   30 s by default: a whole utterance replayed after a failure arrives at once, before the socket is open
     * @param keepAlive  the longest the socket goes without audio or a {@code KeepAlive} (Deepgram gives up after 10 s)
     */
    public record Limits(Duration connect, Duration answer, Duration maxPending, Duration keepAlive) {
        public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(4));

        public Limits withConnect(Duration connect) {
            return new Limits(connect, answer, maxPending, keepAlive);
        }

        public Limits withAnswer(Duration answer) {
            return new Limits(connect, answer, maxPending, keepAlive);
        }

        public Limits withMaxPending(Duration maxPending) {
            return new Limits(connect, answer, maxPending, keepAlive);
        }

        public Limits withKeepAlive(Duration keepAlive) {
            return new Limits(connect, answer, maxPending, keepAlive);
        }
    }

    private final Vertx vertx;
    private final WebSocketClient client;
    private final Settings settings;
    private final SpeechToTextMetrics metrics;

    public DeepgramSpeechToText(Vertx vertx, Settings settings, SpeechToTextMetrics metrics) {
        this.vertx = vertx;
        this.settings = settings;
        this.metrics = metrics;
        this.client = vertx.createWebSocketClient(ListenSocket.clientOptions((int) settings.limits().connect().toMillis()));
    }

    @Override
    public Session open(AudioFormat format, String language, Listener listener) {
        Context context = Vertx.currentContext();
        if (context == null) throw new IllegalStateException("SpeechToText.open must be called on a Vert.x context");
        return new Utterance(context, format, language, listener);
    }

    public Future<Void> close() {
        return client.close();
    }

    private enum State { NO_AUDIO_YET, CONNECTING, STREAMING, OVER }

    /** One utterance and its stream. Touched only on {@link #context}: every handler below runs there. */
    private final class Utterance implements Session, ListenSocket.Listener {
        private final Context context;
        private final AudioFormat format;
        private final String language;
        private final Listener listener;
        private State state = State.NO_AUDIO_YET;
        private boolean ended;
        private boolean cancelled;
        private ListenSocket socket;
        /** Audio that came while the socket opened, in order; null once sent. */
        private ArrayDeque<byte[]> pending = new ArrayDeque<>();
        private int pendingBytes;
        private long audioBytes;
        private long lastSentAt;
        private final List<String> finals = new ArrayList<>();
        private String interim = "";
        private String lastPartial = "";
        private String detected;
        private long endedAt;
        private long connectTimer = -1;
        private long answerTimer = -1;
        private long keepAliveTimer = -1;

        Utterance(Context context, AudioFormat format, String language, Listener listener) {
            this.context = context;
            this.format = format;
            this.language = language;
            this.listener = listener;
        }

        @Override
        public void audio(AudioChunk chunk) {
            if (ended || state == State.OVER) return;
            if (!chunk.format().equals(format)) throw new IllegalArgumentException("expected " + format + " audio, got " + chunk.format());
            byte[] data = chunk.data();
            if (data.length == 0) return;
            audioBytes += data.length;
            switch (state) {
                case NO_AUDIO_YET -> {
                    hold(data);
                    if (state == State.NO_AUDIO_YET) connect(); // not when that first chunk alone overflowed the hold
                }
                case CONNECTING -> hold(data);
                case STREAMING -> send(data);
                case OVER -> { }
            }
        }

        @Override
        public void endOfUtterance() {
            if (ended || state == State.OVER) return;
            ended = true;
            endedAt = System.nanoTime();
            if (state == State.NO_AUDIO_YET) {
                // Nothing to transcribe: an answer without a stream, still on the context and still exactly one.
                over("empty");
                context.runOnContext(v -> {
                    if (!cancelled) listener.onFinal(new Transcript("", language, Duration.ZERO, Duration.ZERO));
                });
                return;
            }
            answerTimer = vertx.setTimer(settings.limits().answer().toMillis(), id -> {
                answerTimer = -1;
                fail(EngineFailure.of(Engine.STT, Kind.TIMEOUT, "Deepgram: no final transcript within "
                        + settings.limits().answer().toMillis() + " ms of the end of the utterance"));
            });
            if (state == State.STREAMING) finish();
            // CONNECTING: finished once the socket opens and the held audio has gone up.
        }

        @Override
        public void cancel() {
            if (cancelled) return;
            cancelled = true;
            if (state != State.OVER) over("cancelled");
        }

        // ------------------------------------------------------------------ the stream

        private void connect() {
            state = State.CONNECTING;
            URI url = ListenCodec.url(settings.url(), settings.model(), format, language);
            connectTimer = vertx.setTimer(settings.limits().connect().toMillis(), id -> {
                connectTimer = -1;
                fail(EngineFailure.of(Engine.STT, Kind.TIMEOUT, "Deepgram: " + settings.url() + " did not open a stream within "
                        + settings.limits().connect().toMillis() + " ms"));
            });
            ListenSocket.open(client, url, settings.apiKey(), this).onComplete(ar -> {
                if (state == State.OVER) {
                    if (ar.succeeded()) ar.result().close();
                    return;
                }
                cancelTimer(connectTimer);
                connectTimer = -1;
                if (ar.failed()) {
                    fail(connectFailure(ar.cause()));
                    return;
                }
                socket = ar.result();
                state = State.STREAMING;
                ArrayDeque<byte[]> held = pending;
                pending = null;
                for (byte[] data : held) socket.sendHeld(data);
                lastSentAt = System.nanoTime();
                if (ended) finish();
                else startKeepAlive();
            });
        }

        private void hold(byte[] data) {
            if (pendingBytes + data.length > format.bytesFor((int) settings.limits().maxPending().toMillis())) {
                failLater(EngineFailure.of(Engine.STT, Kind.TOO_LONG, "Deepgram: more than " + settings.limits().maxPending().toMillis()
                        + " ms of audio waited for the stream to open; the utterance was abandoned"));
                return;
            }
            pending.add(data);
            pendingBytes += data.length;
        }

        private void send(byte[] data) {
            if (!socket.sendAudio(data)) {
                socket.abort();
                failLater(EngineFailure.of(Engine.STT, Kind.DROPPED, "Deepgram: the stream stopped taking audio (over "
                        + ListenSocket.MAX_BACKLOG_BYTES + " bytes unsent)"));
                return;
            }
            lastSentAt = System.nanoTime();
        }

        /** Flush, then end: the answer is whatever comes back before the server closes. */
        private void finish() {
            cancelTimer(keepAliveTimer);
            keepAliveTimer = -1;
            socket.send(ListenCodec.FINALIZE);
            socket.send(ListenCodec.CLOSE_STREAM);
        }

        private void startKeepAlive() {
            long every = Math.max(1, settings.limits().keepAlive().toMillis() / 2);
            keepAliveTimer = vertx.setPeriodic(every, id -> {
                if (System.nanoTime() - lastSentAt >= every * 1_000_000L) {
                    socket.send(ListenCodec.KEEP_ALIVE);
                    lastSentAt = System.nanoTime();
                }
            });
        }

        @Override
        public void onMessage(ListenMessage message) {
            if (state != State.STREAMING) return;
            switch (message) {
                case ListenMessage.Results r -> results(r);
                case ListenMessage.Metadata m -> {
                    if (ended) answer(); // after CloseStream: every result is in
                }
                case ListenMessage.UtteranceEnd u -> { }
                case ListenMessage.SpeechStarted s -> { }
                case ListenMessage.Unknown u -> { }
            }
        }

        private void results(ListenMessage.Results r) {
            if (r.isFinal()) {
                if (!r.transcript().isBlank()) finals.add(r.transcript().strip());
                if (r.language() != null && detected == null) detected = r.language();
                interim = "";
            } else {
                interim = r.transcript().strip();
            }
            if (ended) {
                if (r.fromFinalize()) answer();
                return;
            }
            String text = textSoFar();
            if (!text.isEmpty() && !text.equals(lastPartial)) {
                lastPartial = text;
                listener.onPartial(text);
            }
        }

        @Override
        public void onUnreadable(ListenProtocolException e) {
            if (state == State.STREAMING) fail(EngineFailure.of(Engine.STT, Kind.PROTOCOL, "Deepgram: unreadable message: " + e.getMessage()));
        }

        @Override
        public void onClosed(int code, String reason) {
            if (state != State.STREAMING) return; // a refused upgrade is reported by connect()
            if (ended && code == 1000) answer();
            else fail(ListenFailures.closed(code, reason, key()));
        }

        // ------------------------------------------------------------------ outcomes

        private void answer() {
            if (state == State.OVER) return;
            long latency = System.nanoTime() - endedAt;
            over("final");
            metrics.latency(latency);
            String lang = language != null ? language : detected;
            if (!cancelled) listener.onFinal(new Transcript(String.join(" ", finals), lang, audioDuration(), Duration.ofNanos(latency)));
        }

        private void fail(EngineFailure failure) {
            if (state == State.OVER) return;
            over(failure.kind().label());
            if (!cancelled) listener.onFailure(failure);
        }

        /** A failure found inside {@link #audio}: reported on a later turn of the context, never re-entrantly. */
        private void failLater(EngineFailure failure) {
            if (state == State.OVER) return;
            over(failure.kind().label());
            context.runOnContext(v -> {
                if (!cancelled) listener.onFailure(failure);
            });
        }

        private void over(String outcome) {
            state = State.OVER;
            pending = null;
            cancelTimer(connectTimer);
            cancelTimer(answerTimer);
            cancelTimer(keepAliveTimer);
            connectTimer = answerTimer = keepAliveTimer = -1;
            if (socket != null) socket.close();
            metrics.utterance(outcome);
        }

        private String textSoFar() {
            if (interim.isEmpty()) return String.join(" ", finals);
            if (finals.isEmpty()) return interim;
            return String.join(" ", finals) + " " + interim;
        }

        private Duration audioDuration() {
            return Duration.ofNanos(audioBytes * 1_000_000_000L / format.bytesPerSecond());
        }

        private EngineFailure connectFailure(Throwable cause) {
            if (cause instanceof UpgradeRejectedException rejected) {
                byte[] body = rejected.getBody() == null ? new byte[0] : rejected.getBody().getBytes();
                var headers = rejected.getHeaders();
                return ListenFailures.refused(rejected.getStatus(), headers == null ? null : headers.get("dg-error"),
                        headers == null ? null : headers.get("Retry-After"), body, key());
            }
            return EngineFailure.unreachable(Engine.STT, "Deepgram", settings.url(), settings.limits().connect(), cause);
        }

        private void cancelTimer(long id) {
            if (id >= 0) vertx.cancelTimer(id);
        }
    }

    private String key() {
        return settings.apiKey() == null ? null : settings.apiKey().reveal();
    }
}

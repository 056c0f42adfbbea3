package dev.callbridge.engine.tts;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.config.Config;
import dev.callbridge.config.Secret;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.HttpErrorBody;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TextToSpeech} over ElevenLabs' streaming WebSocket,
 * {@code {base}/text-to-speech/{voice}/stream-input}, asking for the leg's own format where
 * ElevenLabs has it ({@link ElevenLabsOutputFormat}): a μ-law phone leg gets {@code ulaw_8000} as
 * the vendor made it, with nothing decoded or resampled on the way; the protocol is in
 * {@link ElevenLabsCodec}.
 *
 * <p>One socket per synthesis: open, send the sentence flushed and the empty text that ends the
 * input, read audio until {@code isFinal}. It costs a handshake per sentence, and buys what a call
 * needs most: a barge-in cancels by closing that socket, which stops the server and leaves nothing
 * of the old sentence to filter out of the next one; a socket's failure is one sentence's; nothing
 * idles into the server's 20 s input timeout between turns, so there is no keep-alive to send; and
 * the language can change per sentence, since it is in the URL. A socket kept per call would have
 * to be the multi-context endpoint to be cancellable without closing, which adds context
 * bookkeeping, a keep-alive, and a limit of five open contexts per socket that rapid barge-ins are
 * seen to exceed (the server then closes the socket with 1008).
 *
 * <p>Every wait is bounded: the handshake ({@link Limits#connect}), the first audio after the text
 * went out, each gap between messages, and the audio's length. Cancelling or failing closes the
 * socket. The first-audio metric is timed from {@link #speak}, handshake included, since every
 * sentence pays for it.
 */
public final class ElevenLabsSpeechClient implements TextToSpeech {
    private static final Logger log = LoggerFactory.getLogger(ElevenLabsSpeechClient.class);
    private static final String API = "ElevenLabs";
    /** One message carries a base64 chunk of audio, rarely more than a second or two of it. */
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    /**
     * @param baseUrl a {@code ws://} or {@code wss://} URL ending in {@code /v1}, no trailing slash:
     *                {@code /text-to-speech/{voice}/stream-input} is appended
     * @param apiKey  sent as the {@code xi-api-key} header; null sends none (a proxy that adds it)
     * @param voice   a voice id, e.g. {@code 21m00Tcm4TlvDq8ikWAM}
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
     * @param connect    from {@link #speak} to the socket being open: TCP, TLS and the upgrade
     * @param firstAudio from the text going out to the first audio: the server's time to first audio
     * @param idle       the longest gap between two messages once audio has started
     * @param maxAudio   the longest speech one sentence may return; more is a runaway
     */
    public record Limits(Duration connect, Duration firstAudio, Duration idle, Duration maxAudio) {
        public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofMinutes(5));
    }

    private final Vertx vertx;
    private final WebSocketClient sockets;
    private final Settings settings;
    private final TextToSpeechMetrics metrics;

    public ElevenLabsSpeechClient(Vertx vertx, Settings settings, TextToSpeechMetrics metrics) {
        this.vertx = vertx;
        this.settings = settings;
        this.metrics = metrics;
        // Every live call may be speaking at once: Vert.x's default of 50 sockets per host would make the 51st wait,
        // silently. A socket we close waits 2 s, not 10, for the server's close frame before the connection goes.
        this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(MAX_MESSAGE_BYTES).setMaxMessageSize(MAX_MESSAGE_BYTES)
                .setConnectTimeout((int) settings.limits().connect().toMillis())
                .setMaxConnections(Integer.MAX_VALUE)
                .setClosingTimeout(2));
    }

    @Override
    public Synthesis speak(String text, String language, AudioFormat out, SpeechListener listener) {
        Context context = Vertx.currentContext();
        if (context == null) throw new IllegalStateException("TextToSpeech.speak must be called on a Vert.x context");
        if (text == null || text.isBlank()) throw new IllegalArgumentException("nothing to say: the text is blank");
        ElevenLabsOutputFormat output = ElevenLabsOutputFormat.forLeg(out);
        SentenceSocket sentence = new SentenceSocket(context, listener, output, new PcmToLeg(output.format(), out));
        sentence.start(ElevenLabsCodec.streamUri(settings.baseUrl(), settings.voice(), settings.model(), output, language), text);
        return sentence;
    }

    public Future<Void> close() {
        return sockets.close();
    }

    /**
     * One socket and its audio. Everything but {@link #cancelled} is touched only on
     * {@link #context}, where Vert.x runs the socket's and the timers' handlers.
     */
    private final class SentenceSocket implements Synthesis {
        private final Context context;
        private final SpeechListener listener;
        private final ElevenLabsOutputFormat output;
        private final PcmToLeg converter;
        private final long maxBytes;
        private final long startedAt = System.nanoTime();
        private volatile boolean cancelled;
        private boolean over;
        private WebSocket ws;
        private long sentAt;
        private long lastMessageAt;
        private boolean audioStarted;
        private long vendorBytes;
        private long deliveredMicros;
        private long timer = -1;
        private Throwable socketError;

        SentenceSocket(Context context, SpeechListener listener, ElevenLabsOutputFormat output, PcmToLeg converter) {
            this.context = context;
            this.listener = listener;
            this.output = output;
            this.converter = converter;
            this.maxBytes = output.format().bytesPerSecond() * settings.limits().maxAudio().toMillis() / 1000;
        }

        void start(URI uri, String text) {
            // Vert.x's own handshake timeout only backs ours up, so that a handshake never answered still ends.
            WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(uri.toString())
                    .setTimeout(settings.limits().connect().toMillis() + 1000);
            if (key() != null) options.putHeader("xi-api-key", key());
            watch(settings.limits().connect().toNanos());
            sockets.connect(options).onComplete(ar -> {
                if (ar.failed()) {
                    if (!over) fail(refusal(ar.cause()));
                    return;
                }
                WebSocket socket = ar.result();
                if (over) {
                    socket.close();
                    return;
                }
                ws = socket;
                if (timer >= 0) vertx.cancelTimer(timer);
                watch(settings.limits().firstAudio().toNanos());
                socket.textMessageHandler(this::onMessage);
                socket.binaryMessageHandler(b -> unreadable("a binary message of " + b.length() + " bytes"));
                socket.exceptionHandler(e -> socketError = e);
                socket.closeHandler(v -> onClosed());
                sentAt = lastMessageAt = System.nanoTime();
                socket.writeTextMessage(ElevenLabsCodec.begin());
                socket.writeTextMessage(ElevenLabsCodec.sentence(text));
                socket.writeTextMessage(ElevenLabsCodec.end());
            });
        }

        private void onMessage(String text) {
            if (over) return;
            lastMessageAt = System.nanoTime();
            ElevenLabsMessage message;
            try {
                message = ElevenLabsCodec.decode(text);
            } catch (ElevenLabsProtocolException e) {
                unreadable(e.getMessage());
                return;
            }
            switch (message) {
                case ElevenLabsMessage.Audio audio -> onAudio(audio);
                case ElevenLabsMessage.ServerError error -> fail(streamError(error));
            }
        }

        private void onAudio(ElevenLabsMessage.Audio audio) {
            byte[] bytes = audio.bytes();
            boolean tooLong = vendorBytes + bytes.length > maxBytes;
            if (tooLong) bytes = Arrays.copyOf(bytes, (int) (maxBytes - vendorBytes));
            audioStarted |= bytes.length > 0;
            vendorBytes += bytes.length;
            deliver(converter.push(bytes));
            if (over || cancelled) return;
            if (tooLong) {
                converter.flush().ifPresent(last -> deliver(List.of(last)));
                fail(EngineFailure.afterAudio(Engine.TTS, Kind.TOO_LONG, API + ": the audio went on past "
                        + settings.limits().maxAudio().toSeconds() + " s and was cut there", deliveredMillis()));
            } else if (audio.last()) {
                end();
            }
        }

        /** {@code isFinal}, or the server's normal close after the input ended: everything was said. */
        private void end() {
            converter.flush().ifPresent(last -> deliver(List.of(last)));
            if (over || cancelled) return;
            if (vendorBytes == 0) {
                // Seen when a model cannot stream: a final message, and silence where the sentence should be.
                fail(EngineFailure.of(Engine.TTS, Kind.STREAM_ERROR, API + ": the stream ended without any audio (model "
                        + settings.model() + ", " + output.name() + ")"));
                return;
            }
            finish("end");
            closeSocket();
            listener.onEnd();
        }

        private void onClosed() {
            if (over) return;
            Short code = ws.closeStatusCode();
            if (code != null && code == 1000) end();
            else fail(closed(code == null ? 1006 : code, ws.closeReason()));
        }

        private void unreadable(String what) {
            fail(EngineFailure.afterAudio(Engine.TTS, Kind.PROTOCOL, API + ": unreadable message after " + heard() + ": "
                    + HttpErrorBody.scrub(what, key()), deliveredMillis()));
        }

        private void deliver(List<AudioChunk> frames) {
            try {
                for (AudioChunk frame : frames) {
                    if (over || cancelled) return;
                    if (deliveredMicros == 0) metrics.firstAudio(System.nanoTime() - startedAt);
                    deliveredMicros += frame.durationMicros();
                    listener.onAudio(frame);
                }
            } catch (RuntimeException e) {
                // A listener bug: the synthesis cannot go on coherently, and the bug must be seen.
                log.error("SpeechListener threw; the synthesis is abandoned", e);
                abort("listener-error");
            }
        }

        /** One timer per synthesis, re-armed for what is left of the current wait rather than on every message. */
        private void watch(long nanos) {
            timer = vertx.setTimer(Math.max(1, nanos / 1_000_000), id -> {
                timer = -1;
                if (over) return;
                Limits limits = settings.limits();
                long deadline = ws == null ? startedAt + limits.connect().toNanos()
                        : !audioStarted ? sentAt + limits.firstAudio().toNanos()
                        : lastMessageAt + limits.idle().toNanos();
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    watch(left);
                    return;
                }
                fail(EngineFailure.afterAudio(Engine.TTS, Kind.TIMEOUT, ws == null
                        ? API + " " + settings.baseUrl() + " did not open the stream within " + limits.connect().toMillis() + " ms"
                        : !audioStarted ? API + ": no audio within " + limits.firstAudio().toMillis() + " ms of the text"
                        : API + ": nothing for " + limits.idle().toMillis() + " ms mid-stream after " + heard(), deliveredMillis()));
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
            closeSocket();
        }

        /** A socket still connecting is closed when it opens (see {@link #start}). */
        private void closeSocket() {
            if (ws != null && !ws.isClosed()) ws.close();
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
            return deliveredMillis() + " ms of audio (" + vendorBytes + " bytes of " + output.name() + ")";
        }

        /** The handshake refused (the HTTP status and ElevenLabs' error body), or no connection at all. */
        private EngineFailure refusal(Throwable cause) {
            if (cause instanceof UpgradeRejectedException rejected) {
                MultiMap headers = rejected.getHeaders() == null ? MultiMap.caseInsensitiveMultiMap() : rejected.getHeaders();
                byte[] body = rejected.getBody() == null ? new byte[0] : rejected.getBody().getBytes();
                return EngineFailure.refused(Engine.TTS, API, rejected.getStatus(), headers.get("Content-Type"), "a WebSocket upgrade", body,
                        HttpErrorBody.retryAfter(headers.get("retry-after-ms"), headers.get("Retry-After")), key());
            }
            return EngineFailure.unreachable(Engine.TTS, API, settings.baseUrl(), settings.limits().connect(), cause);
        }

        /** {@code {"message","error","code"}}: the server's last word before it closes the socket. */
        private EngineFailure streamError(ElevenLabsMessage.ServerError error) {
            String message = error.message() == null ? null : oneLine(HttpErrorBody.scrub(error.message(), key()));
            StringBuilder line = new StringBuilder(API).append(": ").append(error.kind().label()).append(" after ").append(heard());
            if (message != null) line.append(": ").append(message);
            if (error.error() != null) line.append(" [").append(oneLine(error.error())).append(']');
            return new EngineFailure(Engine.TTS, error.kind(), 0, line.toString(), message, null, error.error(), null, deliveredMillis());
        }

        /**
         * A close without {@code isFinal} and without an error message first: 1008 (policy) is a refusal,
         * 1011 the server's own failure, 1013 "try again later"; anything else, 1006 above all (no close
         * frame at all), is a connection lost.
         */
        private EngineFailure closed(int code, String reason) {
            Kind kind = switch (code) {
                case 1008 -> Kind.REJECTED;
                case 1011 -> Kind.SERVER_ERROR;
                case 1013 -> Kind.RATE_LIMITED;
                default -> Kind.DROPPED;
            };
            String why = reason == null || reason.isBlank() ? null : oneLine(HttpErrorBody.scrub(reason, key()));
            String line = code == 1006
                    ? API + ": connection lost mid-stream after " + heard() + (socketError == null ? "" : ": " + EngineFailure.describe(socketError))
                    : API + ": the server closed the stream (" + code + ") after " + heard() + (why == null ? "" : ": " + why);
            return new EngineFailure(Engine.TTS, kind, 0, line, why, null, null, null, deliveredMillis());
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private String key() {
        return settings.apiKey() == null ? null : settings.apiKey().reveal();
    }
}

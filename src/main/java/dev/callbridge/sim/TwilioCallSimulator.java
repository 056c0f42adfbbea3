package dev.callbridge.sim;

import dev.callbridge.sim.SimulationResult.Outcome;
import dev.callbridge.twilio.TwilioMediaCodec;
import dev.callbridge.twilio.TwilioMessage;
import dev.callbridge.twilio.TwilioProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One inbound call, played the way Twilio plays it: signed voice webhook → TwiML → signed
 * stream upgrade → {@code connected}, {@code start}, the caller's audio as 20 ms media on an
 * absolute schedule (then line silence until the call length), DTMF spread through the call,
 * marks returned as {@link SimulatedPlayback} plays the server's audio, {@code stop}, close,
 * and the {@code completed} status callback.
 *
 * <p>Single use. Everything after {@link #run()} happens on one event-loop context, so the
 * fields below need no locks.
 */
public final class TwilioCallSimulator {
    private static final int FRAME_BYTES = 160;
    private static final long PROGRESS_PERIOD_MS = 250;
    /**
     * Between the caller's last frame and the hang-up. Twilio sends {@code stop} the moment a
     * caller hangs up, and Vert.x drops what arrives after our close, so without this pause the
     * echo of the last frame or two would be counted as lost although the server sent it.
     */
    private static final long HANG_UP_GRACE_NANOS = 200_000_000L;

    /**
     * @param callerUlaw what the caller says, μ-law 8 kHz
     * @param callMillis how long the caller stays on the line (silence after the audio)
     * @param dtmf       digits to press, spread through the call
     * @param optionalFields which optional fields the stream's messages carry
     */
    public record Options(GatewayTarget target, byte[] callerUlaw, long callMillis, String dtmf, String from, String to,
                          OptionalFields optionalFields) {
        /** Every field, as Twilio sends them. */
        public Options(GatewayTarget target, byte[] callerUlaw, long callMillis, String dtmf, String from, String to) {
            this(target, callerUlaw, callMillis, dtmf, from, to, OptionalFields.ALL);
        }
    }

    private final Vertx vertx;
    private final Options options;
    private final PlaybackClock clock;
    private final CallParties call;
    private final String streamSid;
    private final Consumer<StreamCounters> progress;
    private final RandomGenerator random;
    private final Promise<SimulationResult> result = Promise.promise();
    private final TwilioMediaCodec codec = new TwilioMediaCodec();

    // Owned by the context after run().
    private HttpClient http;
    private WebSocketClient sockets;
    private TwilioWebhookClient webhooks;
    private WebSocket socket;
    private TwilioStreamWriter writer;
    private SimulatedPlayback playback;
    private FrameSchedule schedule;
    private StreamEndpoint endpoint;
    private String callId;
    private long totalFrames;
    private long[] dtmfFrames = new long[0];
    private long framesSent, framesReceived, bytesReceived, marksReceived, clears, unexpected;
    private int dtmfSent;
    private long webhookNanos;
    private long firstSentNanos = -1, firstAudioNanos = -1;
    private long frameTimer = -1, progressTimer = -1;
    private boolean ending, serverHungUp;

    public TwilioCallSimulator(Vertx vertx, Options options, PlaybackClock clock, RandomGenerator random,
                               Consumer<StreamCounters> progress) {
        this.vertx = vertx;
        this.options = options;
        this.clock = clock;
        this.call = CallParties.random(options.from(), options.to(), random);
        this.streamSid = TwilioSids.streamSid(random);
        this.progress = progress;
        this.random = random;
    }

    /** Runs the call; the future completes (never fails) with the outcome. */
    public Future<SimulationResult> run() {
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            http = vertx.createHttpClient(new HttpClientOptions());
            sockets = vertx.createWebSocketClient(new WebSocketClientOptions());
            webhooks = new TwilioWebhookClient(http, options.target());
            webhooks.voice(call).onComplete(reply -> {
                if (reply.failed()) finish(Outcome.FAILED, "voice webhook: " + reply.cause().getMessage());
                else onTwiml(reply.result());
            });
        });
        return result.future();
    }

    private void onTwiml(TwilioWebhookClient.Reply reply) {
        webhookNanos = reply.latencyNanos();
        TwimlAnswer answer;
        try {
            answer = TwimlAnswer.parse(reply.body());
        } catch (IllegalArgumentException e) {
            finish(Outcome.FAILED, e.getMessage());
            return;
        }
        switch (answer) {
            case TwimlAnswer.Rejected r -> finish(Outcome.REJECTED, r.spokenText());
            case TwimlAnswer.ConnectStream c -> connect(c);
        }
    }

    private void connect(TwimlAnswer.ConnectStream twiml) {
        callId = twiml.parameters().get("callId");
        endpoint = StreamEndpoint.resolve(twiml.url(), options.target().serverUrl());
        sockets.connect(endpoint.connectOptions(options.target().streamSignature(twiml.url())))
                .onSuccess(ws -> streamOpened(ws, twiml))
                .onFailure(e -> finish(Outcome.FAILED, "stream " + endpoint.connectUrl() + ": " + e.getMessage()));
    }

    private void streamOpened(WebSocket ws, TwimlAnswer.ConnectStream twiml) {
        socket = ws;
        writer = new TwilioStreamWriter(codec, ws::writeFinalTextFrame, call, streamSid, options.optionalFields(), random);
        playback = new SimulatedPlayback(clock, this::returnMark, true);
        ws.textMessageHandler(this::onServerMessage);
        ws.closeHandler(v -> onSocketClosed());
        writer.connected();
        writer.start(twiml.parameters());
        totalFrames = Math.max(1, options.callMillis() / 20);
        dtmfFrames = FrameSchedule.spread(options.dtmf().length(), totalFrames);
        schedule = FrameSchedule.twilio(clock.nanos());
        progressTimer = vertx.setPeriodic(PROGRESS_PERIOD_MS, id -> progress.accept(counters()));
        sendDueFrames();
    }

    /**
     * Sends every frame due by now, then sleeps until the next 20 ms grid point (absolute
     * schedule). After the last frame it keeps ticking for {@link #HANG_UP_GRACE_NANOS} so
     * echoes and marks in flight arrive before the hang-up, then ends the call.
     */
    private void sendDueFrames() {
        frameTimer = -1;
        if (ending) return;
        long now = clock.nanos();
        playback.advance(); // returns marks whose audio has played since the last tick
        long due = Math.min(schedule.framesDueBy(now), totalFrames);
        while (framesSent < due) {
            sendFrame(framesSent);
            framesSent++;
        }
        if (framesSent == totalFrames && now >= schedule.dueNanos(totalFrames - 1) + HANG_UP_GRACE_NANOS) {
            endCall();
            return;
        }
        long waitNanos = schedule.dueNanos(schedule.framesDueBy(now)) - clock.nanos();
        frameTimer = vertx.setTimer(Math.max(1, (waitNanos + 999_999) / 1_000_000), id -> sendDueFrames());
    }

    private void sendFrame(long index) {
        byte[] frame = new byte[FRAME_BYTES];
        int from = (int) Math.min(index * FRAME_BYTES, options.callerUlaw().length);
        int n = Math.min(FRAME_BYTES, options.callerUlaw().length - from);
        System.arraycopy(options.callerUlaw(), from, frame, 0, n);
        Arrays.fill(frame, n, FRAME_BYTES, (byte) 0xFF); // the line is silent once the caller stops talking
        if (firstSentNanos < 0) firstSentNanos = clock.nanos();
        writer.media(frame, schedule.timestampMillis(index + 1));
        for (int d = 0; d < dtmfFrames.length; d++) {
            if (dtmfFrames[d] == index) {
                writer.dtmf(options.dtmf().charAt(d));
                dtmfSent++;
            }
        }
    }

    private void onServerMessage(String text) {
        TwilioMessage.ToTwilio message;
        try {
            message = codec.decodeToTwilio(text);
        } catch (TwilioProtocolException e) {
            unexpected++; // Twilio ignores what it cannot read; so does the simulator, but it counts
            return;
        }
        switch (message) {
            case TwilioMessage.OutMedia m -> {
                if (firstAudioNanos < 0 && firstSentNanos >= 0) firstAudioNanos = clock.nanos() - firstSentNanos;
                framesReceived++;
                bytesReceived += m.payload().length;
                playback.enqueue(m.payload());
            }
            case TwilioMessage.OutMark m -> {
                marksReceived++;
                playback.mark(m.name());
            }
            case TwilioMessage.Clear c -> {
                clears++;
                playback.clear();
            }
        }
    }

    private void returnMark(String name) {
        if (!ending) writer.mark(name);
    }

    private void onSocketClosed() {
        if (ending) return;
        serverHungUp = true; // the server ended <Connect>; Twilio would hang up, with no stop on a closed socket
        endCall();
    }

    private void endCall() {
        if (ending) return;
        playback.advance();
        ending = true;
        cancelTimers();
        if (!serverHungUp) {
            writer.stop();
            socket.close((short) 1000, "call ended");
        }
        long seconds = Math.round((clock.nanos() - schedule.startNanos()) / 1e9);
        webhooks.completed(call, seconds).onComplete(status -> {
            if (status.failed()) finish(Outcome.FAILED, "status callback: " + status.cause().getMessage());
            else finish(Outcome.COMPLETED, "");
        });
    }

    private void finish(Outcome outcome, String detail) {
        ending = true;
        cancelTimers();
        SimulationResult r = new SimulationResult(outcome, detail, callId, call, counters(), webhookNanos, firstAudioNanos,
                endpoint, serverHungUp, playback == null ? new byte[0] : playback.heardAudio());
        Future.join(http.close(), sockets.close()).onComplete(v -> result.tryComplete(r));
    }

    private void cancelTimers() {
        if (frameTimer >= 0) vertx.cancelTimer(frameTimer);
        if (progressTimer >= 0) vertx.cancelTimer(progressTimer);
        frameTimer = progressTimer = -1;
    }

    private StreamCounters counters() {
        return new StreamCounters(framesSent, framesReceived, bytesReceived, marksReceived,
                playback == null ? 0 : playback.marksReturned(), clears, dtmfSent, unexpected,
                playback == null ? 0 : playback.queuedMillis());
    }
}

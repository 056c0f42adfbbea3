package dev.callbridge.sim;

import dev.callbridge.twilio.TwilioMediaCodec;
import dev.callbridge.twilio.TwilioMessage;
import dev.callbridge.twilio.TwilioProtocolException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.Arrays;

/**
 * One load-test call on its {@link LoadDriver}'s event loop: webhook, stream, probe frames on
 * an absolute 20 ms schedule (sent when the driver ticks), echo matching, and marks returned
 * through a {@link SimulatedPlayback} so the server's playback tracking works as with Twilio.
 * With a {@link SpeechLoop} the frames are the caller's speech instead, and what comes back is
 * the agent's answers: played and counted, not matched.
 */
final class LoadCall {
    /** The first 2 s of a call: loss here means frames dropped while the server set the call up. */
    static final int WARMUP_FRAMES = 100;
    /** A call's first second: the frames whose round trip says how the start of a call sounds. */
    static final int FIRST_SECOND_FRAMES = 50;
    /**
     * Send times are kept for the last 512 frames (10.24 s); an echo older than that is counted
     * as unexpected rather than matched. A fixed ring keeps memory flat for any test length.
     */
    private static final int WINDOW = 512;
    private static final int WINDOW_MASK = WINDOW - 1;

    enum State { WAITING, CONNECTING, STREAMING, DRAINING, ENDING, ENDED }

    final int index;
    final long startAtNanos;
    private final LoadDriver driver;
    private final LoadTally tally;
    private final TwilioMediaCodec codec;
    private final PlaybackClock clock;
    private final long totalFrames;
    private final CallParties parties;
    private final String streamSid;
    /** What the caller says, or null for probe frames. */
    private final SpeechLoop speech;
    private final long speechStartFrame;
    /** When the caller last stopped talking, until the agent's first audio after it; -1 when none is awaited. */
    private long utteranceEndedNanos = -1;

    private State state = State.WAITING;
    private WebSocket socket;
    private TwilioStreamWriter writer;
    private SimulatedPlayback playback;
    private FrameSchedule schedule;
    private final byte[] frame; // reused for every frame: the codec encodes it before we stamp the next
    private final long[] sentAt = new long[WINDOW];
    private final int[] slotSequence = new int[WINDOW];
    private final boolean[] echoed = new boolean[WINDOW];
    private long sent;
    private long drainUntilNanos;
    private long nextTickNanos;
    private long streamStartNanos;

    LoadCall(int index, long startAtNanos, long totalFrames, LoadDriver driver, CallParties parties, String streamSid) {
        this.index = index;
        this.startAtNanos = startAtNanos;
        this.totalFrames = totalFrames;
        this.driver = driver;
        this.tally = driver.tally();
        this.codec = driver.codec();
        this.clock = driver.clock();
        this.parties = parties;
        this.streamSid = streamSid;
        this.frame = ProbePayload.newFrame(index);
        this.speech = driver.plan().speech();
        this.speechStartFrame = speech == null ? 0 : speech.startFrame(index, driver.plan().totalCalls());
        Arrays.fill(slotSequence, -1);
    }

    State state() {
        return state;
    }

    /** Webhook, then the stream; the driver starts ticking this call once it is streaming. */
    void begin(TwilioWebhookClient webhooks, WebSocketClient sockets, GatewayTarget target) {
        state = State.CONNECTING;
        webhooks.voice(parties).onComplete(reply -> {
            if (reply.failed()) {
                tally.connectFailures++;
                ended();
                return;
            }
            tally.webhookMicros.recordValue(Math.min(reply.result().latencyNanos() / 1000, tally.webhookMicros.getHighestTrackableValue()));
            TwimlAnswer answer;
            try {
                answer = TwimlAnswer.parse(reply.result().body());
            } catch (IllegalArgumentException e) {
                tally.connectFailures++;
                ended();
                return;
            }
            if (answer instanceof TwimlAnswer.ConnectStream twiml) {
                StreamEndpoint endpoint = StreamEndpoint.resolve(twiml.url(), target.serverUrl());
                sockets.connect(endpoint.connectOptions(target.streamSignature(twiml.url())))
                        .onSuccess(ws -> streamOpened(ws, twiml))
                        .onFailure(e -> {
                            tally.connectFailures++;
                            ended();
                        });
            } else {
                tally.rejected++;
                ended();
            }
        });
    }

    private void streamOpened(WebSocket ws, TwimlAnswer.ConnectStream twiml) {
        socket = ws;
        writer = new TwilioStreamWriter(codec, ws::writeFinalTextFrame, parties, streamSid, driver.optionalFields(), driver.random());
        playback = new SimulatedPlayback(clock, this::returnMark, false);
        ws.textMessageHandler(this::onServerMessage);
        ws.closeHandler(v -> onSocketClosed());
        writer.connected();
        writer.start(twiml.parameters());
        streamStartNanos = clock.nanos();
        schedule = FrameSchedule.twilio(streamStartNanos);
        nextTickNanos = streamStartNanos;
        state = State.STREAMING;
        driver.streaming(this);
    }

    /** When this call next wants a tick; the driver orders its calls by this. */
    long nextTickNanos() {
        return nextTickNanos;
    }

    /**
     * One driver tick: while streaming, sends the frames due by {@code now}; then waits out the
     * drain (echoes and marks still in flight) and hangs up.
     *
     * @return whether the call wants another tick
     */
    boolean tick(long now, long drainNanos, TwilioWebhookClient webhooks) {
        if (state != State.STREAMING && state != State.DRAINING) return false; // the server hung up
        playback.advance(); // marks come back on the 20 ms tick, close enough to Twilio's timing
        if (state == State.STREAMING) {
            sendDue(now);
            if (sent == totalFrames) {
                state = State.DRAINING;
                drainUntilNanos = now + drainNanos;
                driver.progress().streaming.decrementAndGet();
            }
        } else if (now >= drainUntilNanos) {
            hangUp(webhooks);
            return false;
        }
        // Next frame, or while draining the next 20 ms grid point (for playback and marks).
        nextTickNanos = state == State.STREAMING ? schedule.dueNanos(sent) : schedule.dueNanos(schedule.framesDueBy(now));
        return true;
    }

    private void sendDue(long now) {
        long due = Math.min(schedule.framesDueBy(now), totalFrames);
        while (sent < due) {
            int sequence = (int) sent;
            if (speech != null) {
                speech.copyFrame(speechStartFrame + sequence, frame);
                if (speech.endsUtterance(speechStartFrame + sequence)) utteranceEndedNanos = clock.nanos();
            } else {
                ProbePayload.stamp(frame, index, sequence);
                int slot = sequence & WINDOW_MASK;
                slotSequence[slot] = sequence;
                echoed[slot] = false;
                sentAt[slot] = clock.nanos();
            }
            writer.media(frame, schedule.timestampMillis(sent + 1));
            sent++;
            tally.framesSent++;
            if (sequence < WARMUP_FRAMES) tally.warmupSent++;
            driver.progress().framesSent.increment();
        }
    }

    private void onServerMessage(String text) {
        TwilioMessage.ToTwilio message;
        try {
            message = codec.decodeToTwilio(text);
        } catch (TwilioProtocolException e) {
            tally.unexpected++;
            return;
        }
        switch (message) {
            case TwilioMessage.OutMedia m -> {
                if (speech == null) onEcho(m.payload());
                else onAnswer(m.payload());
            }
            case TwilioMessage.OutMark m -> {
                tally.marksReceived++;
                playback.mark(m.name());
            }
            case TwilioMessage.Clear c -> {
                tally.clears++;
                playback.clear();
            }
        }
    }

    /**
     * The agent's speech: played like any outbound audio, so its marks come back when it has been
     * heard. The first audio after the caller stopped talking times the answer as the caller hears it.
     */
    private void onAnswer(byte[] payload) {
        if (utteranceEndedNanos >= 0) {
            long micros = (clock.nanos() - utteranceEndedNanos) / 1000;
            tally.answerMicros.recordValue(Math.min(micros, tally.answerMicros.getHighestTrackableValue()));
            utteranceEndedNanos = -1;
        }
        playback.enqueue(payload);
        tally.answerBytes += payload.length;
        driver.progress().framesReceived.increment();
    }

    private void onEcho(byte[] payload) {
        long now = clock.nanos();
        playback.enqueue(payload);
        if (payload.length <= ProbePayload.FRAME_BYTES) {
            onEchoedFrame(payload, now);
            return;
        }
        // A relay that batches (OPENAI_APPEND_BATCH_MS) echoes several 20 ms frames in one message.
        for (int at = 0; at < payload.length; at += ProbePayload.FRAME_BYTES) {
            onEchoedFrame(java.util.Arrays.copyOfRange(payload, at, Math.min(payload.length, at + ProbePayload.FRAME_BYTES)), now);
        }
    }

    private void onEchoedFrame(byte[] payload, long now) {
        if (!ProbePayload.isProbe(payload) || ProbePayload.callIndex(payload) != index) {
            tally.unexpected++;
            return;
        }
        int sequence = ProbePayload.sequence(payload);
        int slot = sequence & WINDOW_MASK;
        if (sequence < 0 || slotSequence[slot] != sequence) {
            tally.unexpected++;
        } else if (echoed[slot]) {
            tally.duplicates++;
        } else {
            echoed[slot] = true;
            tally.framesReceived++;
            if (sequence < WARMUP_FRAMES) tally.warmupReceived++;
            driver.progress().framesReceived.increment();
            long micros = Math.min((now - sentAt[slot]) / 1000, tally.rttMicros.getHighestTrackableValue());
            tally.rttMicros.recordValue(micros);
            if (sequence < FIRST_SECOND_FRAMES) tally.firstSecondRttMicros.recordValue(micros);
            LoadDriver.Plan plan = driver.plan();
            if (sentAt[slot] >= plan.steadyStartNanos() && sentAt[slot] < plan.steadyEndNanos()) {
                tally.steadyRttMicros.recordValue(micros);
            }
        }
    }

    private void returnMark(String name) {
        if (state == State.STREAMING || state == State.DRAINING) {
            tally.marksReturned++;
            writer.mark(name);
        }
    }

    private void onSocketClosed() {
        if (state != State.STREAMING && state != State.DRAINING) return;
        tally.streamsCutShort++;
        driver.stoppedEarly(this, state == State.STREAMING);
        state = State.ENDING;
        postStatus(driver.webhooks(), false);
    }

    /** After the drain wait: stop, close, status callback. */
    private void hangUp(TwilioWebhookClient webhooks) {
        state = State.ENDING;
        writer.stop();
        socket.close((short) 1000, "call ended");
        postStatus(webhooks, true);
    }

    private void postStatus(TwilioWebhookClient webhooks, boolean countOk) {
        long seconds = Math.round((clock.nanos() - streamStartNanos) / 1e9);
        webhooks.completed(parties, seconds).onComplete(status -> {
            if (status.failed()) tally.statusFailures++;
            else if (countOk) tally.callsOk++;
            ended();
        });
    }

    private void ended() {
        state = State.ENDED;
        driver.ended(this);
    }
}

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
 *
 * <p>An interpreted call has two of these on the same driver: the caller (party A), who dials in
 * through the voice webhook, and the callee (party B), whom the gateway dials through
 * {@link SimulatedTwilioCallsApi}: B's stream is opened by that API, B says the same loop half a
 * loop after A (so each hears the other's interpretation in the pause before answering), stops
 * when A stops, and waits for the gateway to end B's leg once A has hung up.
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

    /**
     * After a party joins an interpreted call each side hears a "this call is interpreted" prompt: an
     * utterance ending this soon after is not timed, so the prompt is not taken for an interpretation.
     */
    private static final long PROMPT_GRACE_NANOS = 3_000_000_000L;
    /** A callee whose last frame is sent waits this much longer than a caller's drain for the gateway to end its leg. */
    private static final long CALLEE_EXTRA_DRAIN_NANOS = 10_000_000_000L;

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
    /** Party B of an interpreted call, answering a call the gateway placed; null for a caller. */
    private final SimulatedTwilioCallsApi.PlacedCall placed;
    private final SimulatedTwilioCallsApi api;
    /** The gateway's call id, from the TwiML; null until then. */
    private String callId;
    /** Utterances ending before this are not timed (see {@link #PROMPT_GRACE_NANOS}); 0: all are. */
    private long timeUtterancesFromNanos;
    /** A caller of an interpreted call whose party B has answered. */
    private boolean partyJoined;
    /** Who hears this party's interpretations: a caller's party B once joined, a callee's caller; null on plain calls. */
    private LoadCall listener;
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
        this.placed = null;
        this.api = null;
        // A caller of an interpreted call is heard only once B is on the line, and then hears a prompt first.
        this.timeUtterancesFromNanos = driver.plan().parties() == null ? 0 : Long.MAX_VALUE;
        Arrays.fill(slotSequence, -1);
    }

    /** Party B of {@code caller}'s interpreted call, whose stream the API has just opened; on the caller's driver. */
    private LoadCall(LoadCall caller, SimulatedTwilioCallsApi.AnsweredStream answered, SimulatedTwilioCallsApi api) {
        this.index = caller.index;
        this.driver = caller.driver;
        this.tally = caller.tally;
        this.codec = caller.codec;
        this.clock = caller.clock;
        this.startAtNanos = clock.nanos();
        this.parties = answered.call().parties();
        this.streamSid = answered.writer().streamSid();
        this.frame = ProbePayload.newFrame(index);
        this.speech = caller.driver.plan().partySpeech();
        // Half a loop after A, from where A is now; and done when A is.
        this.speechStartFrame = caller.speechStartFrame + caller.sent + speech.frames() / 2;
        this.totalFrames = Math.max(1, caller.totalFrames - caller.sent);
        this.placed = answered.call();
        this.api = api;
        this.callId = caller.callId;
        this.timeUtterancesFromNanos = startAtNanos + PROMPT_GRACE_NANOS;
        this.listener = caller;
        Arrays.fill(slotSequence, -1);
    }

    boolean isCallee() {
        return placed != null;
    }

    /**
     * B's stream is open: B joins on this (A's) driver and starts speaking. False when A is no longer
     * on the line, or is not this call's caller: the stream is then the API's to end.
     */
    boolean partyAnswered(SimulatedTwilioCallsApi.AnsweredStream answered, SimulatedTwilioCallsApi api) {
        if (speech == null || partyJoined || (state != State.STREAMING && state != State.DRAINING)) return false;
        partyJoined = true;
        timeUtterancesFromNanos = clock.nanos() + PROMPT_GRACE_NANOS;
        LoadCall b = new LoadCall(this, answered, api);
        listener = b;
        driver.partyStarted(b);
        b.streaming(answered.socket(), answered.writer());
        return true;
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
                callId = twiml.parameters().get("callId");
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
        TwilioStreamWriter w = new TwilioStreamWriter(codec, ws::writeFinalTextFrame, parties, streamSid, driver.optionalFields(),
                driver.random());
        w.connected();
        w.start(twiml.parameters());
        if (callId != null && driver.plan().parties() != null) driver.plan().parties().callerStreaming(callId, this, driver);
        streaming(ws, w);
    }

    /** The stream is started ({@code connected}, {@code start} sent): the call speaks from here, on the driver's ticks. */
    private void streaming(WebSocket ws, TwilioStreamWriter w) {
        socket = ws;
        writer = w;
        playback = new SimulatedPlayback(clock, this::returnMark, false);
        ws.textMessageHandler(this::onServerMessage);
        ws.closeHandler(v -> onSocketClosed());
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
                drainUntilNanos = now + drainNanos + (isCallee() ? CALLEE_EXTRA_DRAIN_NANOS : 0);
                if (!isCallee()) driver.progress().streaming.decrementAndGet();
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
                if (speech.endsUtterance(speechStartFrame + sequence)) {
                    long ended = clock.nanos();
                    // On an interpreted call the other party hears this utterance: the wait is timed there.
                    LoadCall hearer = driver.plan().parties() == null ? this : listener;
                    if (hearer != null) hearer.utteranceEndedNanos = ended >= timeUtterancesFromNanos ? ended : -1;
                }
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
            if (isCallee()) tally.partyFramesSent++;
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
                // An interpreted caller's "please hold" is cleared when B answers: no barge-in.
                if (clock.nanos() >= timeUtterancesFromNanos) tally.clears++;
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
        if (isCallee()) {
            // The gateway ends B's leg when A hangs up: after B's last frame that is how B's call should end.
            if (state == State.DRAINING) tally.partiesOk++;
            else tally.partiesCutShort++;
        } else {
            tally.streamsCutShort++;
        }
        driver.stoppedEarly(this, state == State.STREAMING);
        state = State.ENDING;
        postStatus(driver.webhooks(), false);
    }

    /** After the drain wait: stop, close, status callback. */
    private void hangUp(TwilioWebhookClient webhooks) {
        state = State.ENDING;
        writer.stop();
        socket.close((short) 1000, "call ended");
        if (isCallee()) tally.partiesLingered++; // the gateway kept B's leg after A had hung up
        postStatus(webhooks, true);
    }

    private void postStatus(TwilioWebhookClient webhooks, boolean countOk) {
        long seconds = Math.round((clock.nanos() - streamStartNanos) / 1e9);
        if (isCallee()) {
            api.completed(placed, seconds).onComplete(v -> ended());
            return;
        }
        if (callId != null && driver.plan().parties() != null) driver.plan().parties().callerGone(callId, this);
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

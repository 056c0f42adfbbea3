package dev.callbridge.agent;

import dev.callbridge.engine.openai.RealtimeClientEvent;
import dev.callbridge.engine.openai.RealtimeClientEvent.CreateItem;
import dev.callbridge.engine.openai.RealtimeClientEvent.InputAudioAppend;
import dev.callbridge.engine.openai.RealtimeClientEvent.ResponseCreate;
import dev.callbridge.engine.openai.RealtimeClientEvent.SessionUpdate;
import dev.callbridge.engine.openai.RealtimeConnection;
import dev.callbridge.engine.openai.RealtimeProtocolException;
import dev.callbridge.engine.openai.RealtimeServerEvent;
import dev.callbridge.engine.openai.RealtimeSessionConfig;
import dev.callbridge.engine.openai.RealtimeUpstreamException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's link to the Realtime API, across as many sessions as the call needs. The API caps a
 * session at 60 minutes and a socket can drop; either way the caller must notice nothing. So a
 * session is replaced by a fresh one set up the same way and given the {@link ConversationHistory}:
 *
 * <ul>
 *   <li><b>Rollover:</b> some minutes before the cap a standby session is opened and configured;
 *       it takes over at the next quiet moment (nobody speaking, no answer in flight or owed),
 *       or after a grace period whatever the moment.</li>
 *   <li><b>Reconnect:</b> when the live socket drops, new sessions are tried on a short back-off.
 *       Meanwhile the caller's audio is queued, not lost, and goes up once the new session holds
 *       the conversation. An answer the drop cut short is asked for again.</li>
 * </ul>
 *
 * Only the live session's events reach the {@link Listener}. Everything runs on the call's context.
 */
final class RealtimeLink {
    private static final Logger log = LoggerFactory.getLogger(RealtimeLink.class);
    /** 30 s of 20 ms frames: an outage longer than the back-off has already failed the call. */
    static final int MAX_QUEUED_AUDIO = 1500;

    /** Opens one session, its events going to {@code listener}. */
    interface Connector {
        Future<RealtimeConnection> open(RealtimeConnection.Listener listener);
    }

    interface Listener {
        /** An event of the live session. */
        void onEvent(RealtimeServerEvent event);

        void onUnreadable(RealtimeProtocolException e);

        /** The live session dropped; a new one is being opened. {@code midAnswer}: it dropped while answering. */
        void onInterrupted(boolean midAnswer);

        /** No session could be (re)opened: the call cannot go on. */
        void onLost(Throwable cause);
    }

    private final Connector connector;
    private final RealtimeSessionConfig config;
    private final ConversationHistory history;
    private final Vertx vertx;
    private final RealtimeAgent.Timing timing;
    private final CircuitBreaker breaker;
    private final AgentMetrics metrics;
    private final Listener listener;
    private final Promise<Void> firstReady = Promise.promise();

    private Session live;
    private Session standby;
    private int generation;
    private boolean closed;
    private final ArrayDeque<InputAudioAppend> queuedAudio = new ArrayDeque<>();
    private boolean answerOwed;
    private long rolloverTimer = -1;
    private long swapDeadline = -1;
    private boolean swapPending;
    // What the live session is doing, to find a quiet moment for a rollover.
    private boolean responseActive;
    private boolean callerSpeaking;
    private boolean awaitingAnswer;

    RealtimeLink(Connector connector, RealtimeSessionConfig config, ConversationHistory history, Vertx vertx, RealtimeAgent.Timing timing,
                 CircuitBreaker breaker, AgentMetrics metrics, Listener listener) {
        this.connector = connector;
        this.config = config;
        this.history = history;
        this.vertx = vertx;
        this.timing = timing;
        this.breaker = breaker;
        this.metrics = metrics;
        this.listener = listener;
    }

    /** Opens the first session; completes once it has been sent its configuration, fails as the connection did. */
    Future<Void> start() {
        open(Role.FIRST, 0);
        return firstReady.future();
    }

    /** Which generation of session is live; an item played under an older one cannot be truncated. */
    int generation() {
        return generation;
    }

    void appendAudio(InputAudioAppend audio) {
        if (live != null) {
            live.connection.send(audio);
            return;
        }
        if (queuedAudio.size() == MAX_QUEUED_AUDIO) queuedAudio.poll();
        queuedAudio.add(audio);
    }

    /**
     * Sends an event to the live session. Between sessions a request for an answer is kept for the
     * next one; anything else names items of the old session and is moot.
     */
    void send(RealtimeClientEvent event) {
        if (live != null) live.connection.send(event);
        else if (event instanceof ResponseCreate) answerOwed = true;
    }

    /** Adds an item to the conversation; between sessions the replay will carry it. */
    void create(CreateItem item) {
        if (live != null) live.connection.send(item);
    }

    void close() {
        closed = true;
        firstReady.tryFail("the call ended before the Realtime session was ready");
        if (rolloverTimer >= 0) vertx.cancelTimer(rolloverTimer);
        if (swapDeadline >= 0) vertx.cancelTimer(swapDeadline);
        if (live != null) live.connection.close();
        if (standby != null && standby.connection != null) standby.connection.close();
        queuedAudio.clear();
    }

    private enum Role { FIRST, STANDBY, RECONNECT }

    private void open(Role role, int attempt) {
        Session s = new Session(role, attempt);
        if (role == Role.STANDBY) standby = s;
        connector.open(s).onComplete(ar -> {
            if (ar.failed()) failedBeforeReady(s, ar.cause());
            else if (closed || s.retired) ar.result().close();
            else s.connection = ar.result();
        });
    }

    /** A session could not be opened, or closed before it was configured. */
    private void failedBeforeReady(Session s, Throwable cause) {
        if (closed || s.retired) return;
        s.retired = true;
        if (standby == s) standby = null;
        breaker.onError(System.nanoTime() - s.startedNanos, TimeUnit.NANOSECONDS, cause);
        switch (s.role) {
            case FIRST -> firstReady.tryFail(cause);
            case RECONNECT -> reconnect(s.attempt + 1, cause);
            case STANDBY -> log.warn("could not prepare the next realtime session ({}); the live one runs on", cause.getMessage());
        }
    }

    /** A session has been sent its configuration: it is ready to take over. */
    private void configured(Session s) {
        switch (s.role) {
            case FIRST -> {
                breaker.onSuccess(System.nanoTime() - s.startedNanos, TimeUnit.NANOSECONDS);
                goLive(s);
                firstReady.complete();
            }
            case RECONNECT -> {
                breaker.onSuccess(System.nanoTime() - s.startedNanos, TimeUnit.NANOSECONDS);
                takeOver(s);
            }
            case STANDBY -> {
                swapPending = true;
                swapDeadline = vertx.setTimer(Math.max(1, timing.rolloverGrace().toMillis()), t -> {
                    swapDeadline = -1;
                    if (swapPending) rollOver();
                });
                if (quiet()) rollOver();
            }
        }
    }

    private boolean quiet() {
        return !responseActive && !callerSpeaking && !awaitingAnswer;
    }

    private void rollOver() {
        Session next = standby;
        if (next == null || next.connection == null || closed) return;
        swapPending = false;
        if (swapDeadline >= 0) vertx.cancelTimer(swapDeadline);
        swapDeadline = -1;
        Session old = live;
        old.retired = true;
        boolean wasAnswering = responseActive;
        takeOver(next);
        old.connection.close();
        if (wasAnswering) askForAnswer(); // the grace ran out mid-answer: let the model finish in the new session
        metrics.sessionRollover();
        log.info("realtime session rolled over after {} s (history: {} items)", (System.nanoTime() - old.startedNanos) / 1_000_000_000L,
                history.size());
    }

    private void askForAnswer() {
        if (live != null) live.connection.send(new ResponseCreate(null, null));
    }

    /** {@code s} becomes live holding the conversation so far, then gets the audio that waited for it. */
    private void takeOver(Session s) {
        standby = null;
        for (CreateItem item : history.replay()) s.connection.send(item);
        goLive(s);
        for (InputAudioAppend a; (a = queuedAudio.poll()) != null; ) s.connection.send(a);
        if (answerOwed) {
            answerOwed = false;
            askForAnswer();
        }
    }

    private void goLive(Session s) {
        live = s;
        generation++;
        responseActive = callerSpeaking = awaitingAnswer = false;
        if (rolloverTimer >= 0) vertx.cancelTimer(rolloverTimer);
        rolloverTimer = vertx.setTimer(Math.max(1, timing.rolloverAfter().toMillis()), t -> {
            rolloverTimer = -1;
            if (!closed && live == s && standby == null) open(Role.STANDBY, 0);
        });
    }

    /** The live session's socket closed under us. */
    private void dropped(Session s, Throwable cause) {
        s.retired = true;
        live = null;
        boolean midAnswer = responseActive;
        answerOwed |= midAnswer;
        metrics.upstreamReconnect();
        breaker.onError(0, TimeUnit.NANOSECONDS, cause);
        log.warn("realtime session dropped ({}); reconnecting", cause.getMessage());
        listener.onInterrupted(midAnswer);
        if (standby != null && standby.configuredOnce) {
            takeOver(standby);
            return;
        }
        if (standby != null) standby.role = Role.RECONNECT; // it will take over once configured
        else reconnect(0, cause);
    }

    private void reconnect(int attempt, Throwable lastCause) {
        if (closed) return;
        // Not gated by the circuit breaker: it keeps new calls away; a call already talking gets its few attempts.
        if (attempt >= timing.reconnectDelays().size()) {
            listener.onLost(lastCause);
            return;
        }
        vertx.setTimer(Math.max(1, timing.reconnectDelays().get(attempt).toMillis()), t -> {
            if (!closed) open(Role.RECONNECT, attempt);
        });
    }

    private void track(RealtimeServerEvent event) {
        switch (event) {
            case RealtimeServerEvent.ResponseCreated r -> {
                responseActive = true;
                awaitingAnswer = false;
            }
            case RealtimeServerEvent.ResponseDone d -> responseActive = false;
            case RealtimeServerEvent.SpeechStarted s -> callerSpeaking = true;
            case RealtimeServerEvent.SpeechStopped s -> {
                callerSpeaking = false;
                awaitingAnswer = true;
            }
            case RealtimeServerEvent.ItemAdded a -> history.added(a.item());
            case RealtimeServerEvent.ItemDone d -> history.done(d.item());
            case RealtimeServerEvent.InputTranscriptionCompleted t -> history.transcript(t.itemId(), t.transcript());
            case RealtimeServerEvent.OutputTranscriptDone t -> history.transcript(t.itemId(), t.transcript());
            default -> { }
        }
        if (event instanceof RealtimeServerEvent.ResponseDone d) d.functionCalls().forEach(history::functionCall);
    }

    /** One session's socket and where it stands. */
    private final class Session implements RealtimeConnection.Listener {
        Role role;
        final int attempt;
        RealtimeConnection connection;
        boolean configuredOnce;
        boolean retired;
        final long startedNanos = System.nanoTime();

        Session(Role role, int attempt) {
            this.role = role;
            this.attempt = attempt;
        }

        @Override
        public void onEvent(RealtimeServerEvent event) {
            if (closed || retired) return;
            switch (event) {
                case RealtimeServerEvent.SessionCreated c -> {
                    // The server reads client events in order, so everything sent after this
                    // update is read under it: no need to wait for session.updated (see the
                    // README's Performance section for the evidence). Audio flows at once.
                    connection.send(new SessionUpdate(null, config));
                    if (!configuredOnce) {
                        configuredOnce = true;
                        configured(this);
                    }
                }
                case RealtimeServerEvent.SessionUpdated u -> { /* the acknowledgement of what is already in effect */ }
                default -> {
                    if (live != this) return; // a standby says nothing until it takes over
                    track(event);
                    listener.onEvent(event);
                    if (swapPending && quiet()) rollOver();
                }
            }
        }

        @Override
        public void onUnreadable(RealtimeProtocolException e) {
            if (live == this) listener.onUnreadable(e);
        }

        @Override
        public void onClosed(int code, String reason) {
            if (closed || retired) return;
            if (code == RealtimeConnection.CLOSED_STALLED) metrics.upstreamFailure("send_backlog");
            var cause = new RealtimeUpstreamException(0, "Realtime session closed (" + code + (reason == null ? "" : " " + reason) + ")");
            if (live == this) dropped(this, cause);
            else if (!configuredOnce) failedBeforeReady(this, cause);
            else if (standby == this) {
                retired = true; // prepared, then lost before it took over: the live session runs on
                standby = null;
                swapPending = false;
            }
        }
    }
}

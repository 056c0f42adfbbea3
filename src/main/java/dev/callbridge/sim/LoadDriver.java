package dev.callbridge.sim;

import java.util.concurrent.TimeUnit;

import dev.callbridge.twilio.TwilioMediaCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * The load test's work on one event loop: it owns a share of the calls and a single periodic
 * tick (1 ms) that starts calls at their ramp time, sends every frame that is due on each
 * call's absolute schedule, and hangs calls up after their drain wait. One timer per event
 * loop instead of one per call keeps 800 calls × 50 fps cheap; the priority queue means a tick
 * only touches calls that have something due.
 */
final class LoadDriver extends VerticleBase {
    private static final long TICK_MS = 5;

    /**
     * What every driver shares.
     *
     * @param parties the second parties of interpreted calls, found by call id; null when calls are not interpreted
     */
    record Plan(GatewayTarget target, long firstStartNanos, long rampNanos, int totalCalls, long framesPerCall,
                long drainNanos, String from, String to, OptionalFields optionalFields, SpeechLoop speech,
                InterpretedParties parties, SpeechLoop partySpeech) {
        /** Every call is streaming and past its own first 2 s: from here the load is steady. */
        long steadyStartNanos() {
            return firstStartNanos + rampNanos + TimeUnit.SECONDS.toNanos(2);
        }

        /** The first call has sent its last frame. Empty window (end ≤ start) for runs too short to have one. */
        long steadyEndNanos() {
            return firstStartNanos + framesPerCall * TimeUnit.MILLISECONDS.toNanos(20);
        }
    }

    private final Plan plan;
    private final List<Integer> callIndexes;
    private final LoadProgress progress;
    private final RandomGenerator random;
    private final PlaybackClock clock = PlaybackClock.system();
    private final TwilioMediaCodec codec = new TwilioMediaCodec();
    private final LoadTally tally = new LoadTally();
    private final Promise<LoadTally> finished = Promise.promise();

    // Event-loop owned.
    private final ArrayDeque<LoadCall> waiting = new ArrayDeque<>(); // in start order
    /** Streaming and draining calls by next tick time; a call's key only changes while it is out of the queue. */
    private final PriorityQueue<LoadCall> scheduled = new PriorityQueue<>(Comparator.comparingLong(LoadCall::nextTickNanos));
    private HttpClient http;
    private WebSocketClient sockets;
    private TwilioWebhookClient webhooks;
    private long tickTimer = -1;
    private int endedCalls;
    /** Second parties (callees) on the line or hanging up; the driver is done only once they are too. */
    private int partiesOpen;

    LoadDriver(Plan plan, List<Integer> callIndexes, LoadProgress progress, RandomGenerator random) {
        this.plan = plan;
        this.callIndexes = List.copyOf(callIndexes);
        this.progress = progress;
        this.random = random;
    }

    /** Completes with this driver's tally once all of its calls have ended. */
    Future<LoadTally> finished() {
        return finished.future();
    }

    @Override
    public Future<?> start() {
        int calls = Math.max(1, callIndexes.size());
        // Every call of this driver may have its webhook and stream open at once.
        http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(calls).setMaxWaitQueueSize(-1));
        sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(calls));
        webhooks = new TwilioWebhookClient(http, plan.target());
        for (int index : callIndexes) {
            long startAt = plan.firstStartNanos() + (plan.totalCalls() <= 1 ? 0 : plan.rampNanos() * index / plan.totalCalls());
            CallParties parties = CallParties.random(plan.from(), plan.to(), random);
            waiting.add(new LoadCall(index, startAt, plan.framesPerCall(), this, parties, TwilioSids.streamSid(random)));
        }
        if (callIndexes.isEmpty()) finished.complete(tally);
        else tickTimer = vertx.setPeriodic(TICK_MS, id -> tick());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        if (tickTimer >= 0) vertx.cancelTimer(tickTimer);
        return Future.join(http.close(), sockets.close());
    }

    private void tick() {
        long now = clock.nanos();
        while (!waiting.isEmpty() && waiting.peek().startAtNanos <= now) {
            waiting.poll().begin(webhooks, sockets, plan.target());
        }
        while (!scheduled.isEmpty() && scheduled.peek().nextTickNanos() <= now) {
            LoadCall call = scheduled.poll();
            if (call.tick(now, plan.drainNanos(), webhooks)) scheduled.add(call);
        }
    }

    void streaming(LoadCall call) {
        if (!call.isCallee()) progress.streaming.incrementAndGet();
        scheduled.add(call);
    }

    /** The server closed the stream: take the call off the schedule. */
    void stoppedEarly(LoadCall call, boolean wasStreaming) {
        scheduled.remove(call);
        if (wasStreaming && !call.isCallee()) progress.streaming.decrementAndGet();
    }

    /** An interpreted call's party B answered; it ends through {@link #ended} like the callers. */
    void partyStarted(LoadCall callee) {
        partiesOpen++;
        tally.partiesAnswered++;
    }

    void ended(LoadCall call) {
        if (call.isCallee()) partiesOpen--;
        else {
            progress.ended.incrementAndGet();
            endedCalls++;
        }
        if (endedCalls == callIndexes.size() && partiesOpen == 0 && !finished.future().isComplete()) {
            vertx.cancelTimer(tickTimer);
            tickTimer = -1;
            finished.complete(tally);
        }
    }

    /** The event loop this driver's calls run on: a callee answers on its caller's. */
    io.vertx.core.Context eventLoop() {
        return context;
    }

    Plan plan() {
        return plan;
    }

    LoadTally tally() {
        return tally;
    }

    OptionalFields optionalFields() {
        return plan.optionalFields();
    }

    RandomGenerator random() {
        return random;
    }

    TwilioMediaCodec codec() {
        return codec;
    }

    PlaybackClock clock() {
        return clock;
    }

    LoadProgress progress() {
        return progress;
    }

    TwilioWebhookClient webhooks() {
        return webhooks;
    }
}

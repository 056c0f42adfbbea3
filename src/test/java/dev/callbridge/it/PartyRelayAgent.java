package dev.callbridge.it;

import dev.callbridge.agent.Agent;
import dev.callbridge.agent.CallContext;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import dev.callbridge.call.PartyUnanswered;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A stand-in for the interpreter in plumbing tests: on an interpreted call it dials party B
 * through {@link CallContext#dialSecondParty()} and then relays, unchanged, A's audio and DTMF to
 * B and B's to A. When B never comes it ends the call with reason {@code party-b-<status>}
 * ({@code party-b-busy}…), as the interpreter is to. Test code only: register it by name through
 * {@link GatewayFixture#GatewayFixture(java.nio.file.Path, java.util.Map, String...)} with a {@link Factory}.
 */
public final class PartyRelayAgent implements Agent {
    public static final String NAME = "party-relay";

    /** Makes the agents and keeps them, so a test can reach the one its call got. */
    public static final class Factory implements Supplier<Agent> {
        public final List<PartyRelayAgent> created = new CopyOnWriteArrayList<>();
        private volatile boolean dialOnStart = true;

        /** From now on agents wait for {@link PartyRelayAgent#dial()} instead of dialling B as they start. */
        public Factory dialOnDemand() {
            dialOnStart = false;
            return this;
        }

        @Override
        public Agent get() {
            PartyRelayAgent agent = new PartyRelayAgent(dialOnStart);
            created.add(agent);
            return agent;
        }

        /** The only agent made so far, once there is one. */
        public PartyRelayAgent awaitOne() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (created.isEmpty() && System.nanoTime() < deadline) Thread.onSpinWait();
            if (created.size() != 1) throw new AssertionError(created.size() + " agents were made, not 1");
            PartyRelayAgent agent = created.get(0);
            agent.started.orTimeout(10, TimeUnit.SECONDS).join();
            return agent;
        }
    }

    private final boolean dialOnStart;
    /** Completes once the agent has started, with its call. */
    public final CompletableFuture<CallContext> started = new CompletableFuture<>();
    /** B's leg once it joined; or fails with what {@code dialSecondParty} failed with. */
    public final CompletableFuture<Leg> joined = new CompletableFuture<>();
    /** The reason the call ended with, once {@link #stop} is called. */
    public final CompletableFuture<EndReason> stopped = new CompletableFuture<>();
    /** Digits as they reached the agent: "a5" is 5 from A, "b#" is # from B. */
    public final List<String> dtmf = new CopyOnWriteArrayList<>();
    public final AtomicInteger framesFromA = new AtomicInteger();
    public final AtomicInteger framesFromB = new AtomicInteger();
    /** A's frames that came while B was not there yet: dropped. */
    public final AtomicInteger droppedFromA = new AtomicInteger();
    private CallContext ctx;
    private Leg a;
    private Leg b;

    private PartyRelayAgent(boolean dialOnStart) {
        this.dialOnStart = dialOnStart;
    }

    @Override
    public Future<Void> start(CallContext ctx) {
        this.ctx = ctx;
        this.a = ctx.legs().get(0);
        started.complete(ctx);
        if (dialOnStart && ctx.record().interpreter() != null) dialHere();
        return Future.succeededFuture();
    }

    /** Dials B now (for a {@link Factory#dialOnDemand()} agent), from any thread. */
    public void dial() {
        started.join().context().runOnContext(v -> dialHere());
    }

    private void dialHere() {
        ctx.dialSecondParty().onComplete(ar -> {
            if (ar.succeeded()) {
                b = ar.result();
                joined.complete(b);
                return;
            }
            joined.completeExceptionally(ar.cause());
            if (ar.cause() instanceof PartyUnanswered u) {
                ctx.hangup(EndReason.of("party-b-" + u.status().wireName(), u.getMessage()));
            }
        });
    }

    /** B's leg, once joined; fails the test if it has not joined within {@code within}. */
    public Leg awaitB(Duration within) {
        return joined.orTimeout(within.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    @Override
    public void onAudio(Leg from, AudioChunk chunk) {
        if (from == b) {
            framesFromB.incrementAndGet();
            a.play(chunk, null);
        } else {
            framesFromA.incrementAndGet();
            if (b != null) b.play(chunk, null);
            else droppedFromA.incrementAndGet();
        }
    }

    @Override
    public void onDtmf(Leg from, char digit) {
        boolean fromB = from == b;
        dtmf.add((fromB ? "b" : "a") + digit);
        Leg to = fromB ? a : b;
        if (to != null) to.sendDtmf(String.valueOf(digit));
    }

    @Override
    public void onHeard(Leg to, Object tag) {}

    @Override
    public void stop(EndReason reason) {
        stopped.complete(reason);
    }
}

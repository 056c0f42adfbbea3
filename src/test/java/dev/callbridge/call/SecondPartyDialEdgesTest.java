package dev.callbridge.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.agent.Agent;
import dev.callbridge.agent.CallContext;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The second party's dial at the {@link Call} level, where timing can be forced: a status for B
 * that overtakes the record's update, a call that ends while B's dial is on its way, a dial that
 * fails, B answering with no media, and B's leg living on another event loop than the call.
 */
class SecondPartyDialEdgesTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<CallRecord> hungUpRemotely = new CopyOnWriteArrayList<>();
    private final List<Promise<String>> dials = new CopyOnWriteArrayList<>();
    private final CallRegistry registry = new CallRegistry(4, new CallEventBus(), Clock.systemUTC(), hungUpRemotely::add,
            CallAudioTap.Opener.NONE, call -> {
                Promise<String> p = Promise.promise();
                dials.add(p);
                return p.future();
            });

    @AfterEach
    void close() {
        vertx.close().await();
    }

    /** A leg that records what is asked of it and on which thread. */
    static final class TestLeg implements Leg {
        final List<String> did = new CopyOnWriteArrayList<>();
        volatile LegListener listener;
        volatile Context context;

        public AudioFormat format() { return AudioFormat.PCMU_8K; }
        public void play(AudioChunk chunk, Object tag) { did.add("play " + chunk.data()[0] + " on " + Thread.currentThread().getName()); }
        public void clear() { did.add("clear"); }
        public void sendDtmf(String digits) { did.add("dtmf " + digits); }
        public Future<Void> transfer(String destination) { return Future.failedFuture("no"); }
        public void hangup(EndReason reason) {
            did.add("hangup " + reason.code());
            if (listener != null) listener.onEnded(reason);
        }
        public void listen(LegListener l) {
            listener = l;
            context = Vertx.currentContext();
        }
    }

    /** Dials B as it starts; relays B's audio to A; keeps the dial's future. */
    static final class DialingAgent implements Agent {
        final CompletableFuture<Leg> joined = new CompletableFuture<>();
        final List<String> heard = new CopyOnWriteArrayList<>();
        CallContext ctx;

        public Future<Void> start(CallContext ctx) {
            this.ctx = ctx;
            ctx.dialSecondParty().onComplete(ar -> {
                if (ar.succeeded()) joined.complete(ar.result());
                else joined.completeExceptionally(ar.cause());
            });
            return Future.succeededFuture();
        }

        public void onAudio(Leg from, AudioChunk chunk) {
            heard.add((from == ctx.legs().get(0) ? "a " : "b ") + chunk.data()[0] + " on " + Thread.currentThread().getName());
            if (from != ctx.legs().get(0)) ctx.legs().get(0).play(chunk, null);
            else if (joined.isDone() && !joined.isCompletedExceptionally()) joined.join().play(chunk, null);
        }

        public void onDtmf(Leg from, char digit) {}
        public void onHeard(Leg to, Object tag) {}
        public void stop(EndReason reason) {}
    }

    private Call interpretedCall(Context ctx) {
        Interpretation interpreter = new Interpretation(new Interpretation.Languages("en", "es"),
                new Interpretation.Party(Provider.TWILIO, "+34911222333", "+15559870000", null, CallStatus.QUEUED));
        return registry.create(new CallRegistry.NewCall(Provider.TWILIO, "CA_A", Direction.INBOUND, "+15551230000", "+15559870000",
                CallStatus.RINGING, "test", "en", Map.of(), null, interpreter), ctx).orElseThrow();
    }



    /** A started call, its agent dialling B; returns the agent. */
    private DialingAgent started(Context ctx, Call call, TestLeg a) throws Exception {
        DialingAgent agent = new DialingAgent();
        OnContext.run(ctx, () -> call.attach(a, agent, null));
        await().atMost(Duration.ofSeconds(5)).until(() -> dials.size() == 1);
        return agent;
    }

    private static PartyUnanswered unanswered(DialingAgent agent) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> agent.joined.get(5, TimeUnit.SECONDS));
        assertThat(t).hasCauseInstanceOf(PartyUnanswered.class);
        return (PartyUnanswered) t.getCause();
    }

    @Test
    void aStatusForBThatOvertakesTheRecordIsStillBs() throws Exception {
        Context ctx = vertx.getOrCreateContext();
        Call call = interpretedCall(ctx);
        DialingAgent agent = started(ctx, call, new TestLeg());
        // The dial returned (the registry told the call B's id) but the call has not yet recorded it.
        call.partyDialled("CA_B");
        OnContext.run(ctx, () -> call.providerStatus(CallStatus.BUSY, "CA_B"));

        assertThat(unanswered(agent).status()).isEqualTo(CallStatus.BUSY);
        assertThat(call.isEnded()).isFalse();
        assertThat(call.record().providerCallId()).isEqualTo("CA_A");
        assertThat(call.record().status()).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(call.record().interpreter().b().status()).isEqualTo(CallStatus.BUSY);
    }

    @Test
    void aCallThatEndsWhileBsDialIsOnItsWayHangsBUpWhenItReturns() throws Exception {
        Context ctx = vertx.getOrCreateContext();
        Call call = interpretedCall(ctx);
        DialingAgent agent = started(ctx, call, new TestLeg());
        OnContext.run(ctx, () -> call.end(CallStatus.COMPLETED, EndReason.CALLER_HANGUP));
        assertThat(unanswered(agent).status()).isEqualTo(CallStatus.CANCELED);
        assertThat(hungUpRemotely).isEmpty(); // nothing to hang up yet: B has no id

        dials.get(0).complete("CA_B");
        await().atMost(Duration.ofSeconds(5)).until(() -> hungUpRemotely.size() == 1);
        CallRecord b = hungUpRemotely.get(0);
        assertThat(b.provider()).isEqualTo(Provider.TWILIO);
        assertThat(b.providerCallId()).isEqualTo("CA_B");
        assertThat(b.status()).isNotEqualTo(CallStatus.IN_PROGRESS); // so Twilio is asked to cancel, not complete
        assertThat(b.to()).isEqualTo("+34911222333");
    }

    @Test
    void aDialTheProviderRefusesFailsWithItsReason() throws Exception {
        Context ctx = vertx.getOrCreateContext();
        Call call = interpretedCall(ctx);
        DialingAgent agent = started(ctx, call, new TestLeg());
        dials.get(0).fail(new IllegalStateException("Twilio API: Invalid 'To' Phone Number"));
        PartyUnanswered why = unanswered(agent);
        assertThat(why.status()).isEqualTo(CallStatus.FAILED);
        assertThat(why.getMessage()).contains("Invalid 'To' Phone Number");
        assertThat(call.record().interpreter().b().status()).isEqualTo(CallStatus.FAILED);
    }

    @Test
    void bAnsweringWithoutMediaIsGivenUpOn() throws Exception {
        Context ctx = vertx.getOrCreateContext();
        Call call = interpretedCall(ctx);
        DialingAgent agent = started(ctx, call, new TestLeg());
        dials.get(0).complete("CA_B");
        await().until(() -> "CA_B".equals(call.record().interpreter().b().providerCallId()));
        OnContext.run(ctx, () -> {
            call.providerStatus(CallStatus.IN_PROGRESS, "CA_B");
            call.awaitPartyMedia(Duration.ofMillis(200));
        });
        assertThat(unanswered(agent).status()).isEqualTo(CallStatus.FAILED);
        assertThat(hungUpRemotely).singleElement().satisfies(b -> {
            assertThat(b.providerCallId()).isEqualTo("CA_B");
            assertThat(b.status()).isEqualTo(CallStatus.IN_PROGRESS); // answered: Twilio is asked to complete it
        });
        assertThat(call.isEnded()).isFalse();
        assertThat(call.record().status()).isEqualTo(CallStatus.IN_PROGRESS);
    }

    @Test
    void bsLegOnAnotherEventLoopIsServedOnItsOwn() throws Exception {
        Context callCtx = vertx.getOrCreateContext();
        Context bCtx = vertx.getOrCreateContext();
        Call call = interpretedCall(callCtx);
        TestLeg a = new TestLeg();
        DialingAgent agent = started(callCtx, call, a);
        dials.get(0).complete("CA_B");
        TestLeg b = new TestLeg();
        String[] threads = new String[2];
        OnContext.run(callCtx, () -> threads[0] = Thread.currentThread().getName());
        OnContext.run(bCtx, () -> {
            threads[1] = Thread.currentThread().getName();
            call.claimPartyMedia();
            call.attachParty(b, "CA_B");
        });
        agent.joined.get(5, TimeUnit.SECONDS);
        await().until(() -> b.listener != null);
        assertThat(b.context).isSameAs(bCtx);

        OnContext.run(bCtx, () -> b.listener.onAudio(OnContext.frame(7)));
        await().until(() -> a.did.size() == 1);
        assertThat(agent.heard).containsExactly("b 7 on " + threads[0]);
        assertThat(a.did).containsExactly("play 7 on " + threads[0]);

        OnContext.run(callCtx, () -> a.listener.onAudio(OnContext.frame(9)));
        await().until(() -> b.did.size() == 1);
        if (!threads[0].equals(threads[1])) assertThat(b.did).containsExactly("play 9 on " + threads[1]);

        OnContext.run(bCtx, () -> b.listener.onEnded(EndReason.CALLER_HANGUP));
        await().until(call::isEnded);
        assertThat(call.record().endReason()).isEqualTo("party-b-hangup");
        assertThat(a.did).contains("hangup party-b-hangup");
    }
}

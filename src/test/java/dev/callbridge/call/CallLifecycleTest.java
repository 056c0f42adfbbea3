package dev.callbridge.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.agent.Agent;
import dev.callbridge.agent.CallContext;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One call's life through its seams: a scripted leg, a recording agent, the events it publishes. */
class CallLifecycleTest {
    private final Vertx vertx = Vertx.vertx();
    private final CallEventBus bus = new CallEventBus();
    private final List<CallEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> agentSaw = new CopyOnWriteArrayList<>();
    private final CallRegistry registry = new CallRegistry(2, bus, Clock.systemUTC(), call -> agentSaw.add("remote hangup"));

    {
        bus.subscribe(events::add);
    }

    @AfterEach
    void close() {
        vertx.close().await();
    }

    /** A leg that hands over what it holds the moment it is listened to, as TwilioMediaStream does. */
    private static final class ScriptedLeg implements Leg {
        final List<Consumer<LegListener>> held = new ArrayList<>();
        final List<String> played = new ArrayList<>();
        LegListener listener;

        public AudioFormat format() { return AudioFormat.PCMU_8K; }
        public void play(AudioChunk chunk, Object tag) { played.add("audio " + chunk.data().length); }
        public void clear() { played.add("clear"); }
        public void sendDtmf(String digits) { played.add("dtmf " + digits); }
        public Future<Void> transfer(String destination) {
            played.add("transfer " + destination);
            return Future.succeededFuture();
        }
        public void hangup(EndReason reason) {
            played.add("hangup " + reason);
            if (listener != null) listener.onEnded(reason);
            else held.add(l -> l.onEnded(reason)); // like a real leg: reported once someone listens
        }
        public void listen(LegListener l) {
            listener = l;
            held.forEach(e -> e.accept(l));
        }
    }

    /** An agent that records what reaches it; {@code ready} decides when its start completes. */
    private class RecordingAgent implements Agent {
        final Promise<Void> ready;
        CallContext ctx;

        RecordingAgent(Promise<Void> ready) {
            this.ready = ready;
        }

        public Future<Void> start(CallContext ctx) {
            this.ctx = ctx;
            agentSaw.add("start");
            return ready.future();
        }

        public void onAudio(Leg from, AudioChunk chunk) { agentSaw.add("audio " + chunk.data()[0]); }
        public void onDtmf(Leg from, char digit) {
            agentSaw.add("dtmf " + digit);
            ctx.transcribe(Direction.INBOUND, TranscriptEntry.Speaker.CALLER, TranscriptEntry.Kind.DTMF, "" + digit, 0L, 0L, false);
        }
        public void onHeard(Leg to, Object tag) { agentSaw.add("heard " + tag); }
        public void stop(EndReason reason) { agentSaw.add("stop " + reason); }
    }

    private Call newCall(Context ctx) {
        return registry.create(new CallRegistry.NewCall(Provider.TWILIO, "CA1", Direction.INBOUND, "+1", "+2",
                CallStatus.RINGING, "test", "en", Map.of()), ctx).orElseThrow();
    }



    @Test
    void whatTheLegHeldBeforeAttachReachesAStartedAgentBeforeTheEnd() throws Exception {
        Context ctx = vertx.getOrCreateContext();
        ScriptedLeg leg = new ScriptedLeg();
        leg.held.add(l -> l.onAudio(OnContext.frame(1)));
        leg.held.add(l -> l.onDtmf('7'));
        leg.held.add(l -> l.onEnded(EndReason.CALLER_HANGUP));
        Promise<Void> ready = Promise.promise();
        ready.complete();
        OnContext.run(ctx, () -> newCall(ctx).attach(leg, new RecordingAgent(ready), "CA1"));

        assertThat(agentSaw).containsExactly("start", "audio 1", "dtmf 7", "stop caller-hangup");
        assertThat(events).extracting(CallEvent::type)
                .containsExactly("call.created", "call.status", "dtmf", "transcript", "call.ended");
        CallRecord last = ((CallEvent.Ended) events.get(events.size() - 1)).call();
        assertThat(last.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(last.answeredAt()).isNotNull();
        assertThat(registry.activeCalls()).isZero();
    }

    @Test
    void audioArrivingWhileTheAgentStartsIsHeldInOrderNotDropped() throws Exception {
        Context ctx = vertx.getOrCreateContext();
        ScriptedLeg leg = new ScriptedLeg();
        Promise<Void> ready = Promise.promise();
        Call[] call = new Call[1];
        OnContext.run(ctx, () -> {
            call[0] = newCall(ctx);
            call[0].attach(leg, new RecordingAgent(ready), "CA1");
            leg.listener.onAudio(OnContext.frame(1));
            leg.listener.onAudio(OnContext.frame(2));
        });
        assertThat(agentSaw).containsExactly("start");
        OnContext.run(ctx, () -> {
            ready.complete();
            leg.listener.onAudio(OnContext.frame(3));
        });
        assertThat(agentSaw).containsExactly("start", "audio 1", "audio 2", "audio 3");
    }

    @Test
    void anAgentThatFailsToStartEndsTheCallAsFailedWithTheReason() throws Exception {
        Context ctx = vertx.getOrCreateContext();
        ScriptedLeg leg = new ScriptedLeg();
        Promise<Void> ready = Promise.promise();
        ready.fail("upstream said 401");
        OnContext.run(ctx, () -> newCall(ctx).attach(leg, new RecordingAgent(ready), "CA1"));
        CallRecord last = ((CallEvent.Ended) events.get(events.size() - 1)).call();
        assertThat(last.status()).isEqualTo(CallStatus.FAILED);
        assertThat(last.endReason()).isEqualTo("agent-failed: upstream said 401");
        assertThat(leg.played).containsExactly("hangup agent-failed: upstream said 401");
        assertThat(events).filteredOn(e -> e instanceof CallEvent.Ended).hasSize(1);
    }

    @Test
    void attachingFromAnotherEventLoopMovesTheCallThereFirst() throws Exception {
        Context webhook = vertx.getOrCreateContext();
        Context media = vertx.getOrCreateContext();
        Call[] call = new Call[1];
        OnContext.run(webhook, () -> call[0] = newCall(webhook));
        ScriptedLeg leg = new ScriptedLeg();
        Promise<Void> ready = Promise.promise();
        ready.complete();
        CompletableFuture<Context> agentContext = new CompletableFuture<>();
        OnContext.run(media, () -> call[0].attach(leg, new RecordingAgent(ready) {
            @Override
            public Future<Void> start(CallContext c) {
                agentContext.complete(Vertx.currentContext());
                return super.start(c);
            }
        }, "CA1"));
        assertThat(agentContext.get(5, TimeUnit.SECONDS)).isSameAs(media);
        // Work sent to the call from anywhere now runs on the media context.
        CompletableFuture<Context> ran = new CompletableFuture<>();
        call[0].execute(() -> ran.complete(Vertx.currentContext()));
        assertThat(ran.get(5, TimeUnit.SECONDS)).isSameAs(media);
    }

    @Test
    void overTheLimitACallIsRecordedRejected() {
        Context ctx = vertx.getOrCreateContext();
        newCall(ctx);
        newCall(ctx);
        assertThat(registry.create(new CallRegistry.NewCall(Provider.TWILIO, "CA3", Direction.INBOUND, "+1", "+2",
                CallStatus.RINGING, "test", "en", Map.of()), ctx)).isEmpty();
        CallEvent.Ended rejected = (CallEvent.Ended) events.get(events.size() - 1);
        assertThat(rejected.call().status()).isEqualTo(CallStatus.REJECTED);
        assertThat(rejected.call().endReason()).isEqualTo("over-capacity");
        assertThat(registry.activeCalls()).isEqualTo(2);
    }
}

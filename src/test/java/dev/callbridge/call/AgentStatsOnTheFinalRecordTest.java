package dev.callbridge.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.agent.Agent;
import dev.callbridge.agent.CallContext;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the agent reports through {@link CallContext#reportStats} goes on the final record (the
 * {@code call.ended} event, hence the store and the API): the last report wins, one made in
 * {@code stop} included, and records published while the call goes on do not carry it.
 */
class AgentStatsOnTheFinalRecordTest {
    private static final CallStats EARLY = new CallStats(1, 500L, 500L, 0, 0, 0, null, 0, 0);
    private static final CallStats AT_STOP = new CallStats(2, 450L, 520L, 1, 0, 0, null, 0, 0);

    private final Vertx vertx = Vertx.vertx();
    private final CallEventBus bus = new CallEventBus();
    private final List<CallEvent> events = new CopyOnWriteArrayList<>();
    private final CallRegistry registry = new CallRegistry(2, bus, Clock.systemUTC(), call -> { });

    {
        bus.subscribe(events::add);
    }

    @AfterEach
    void close() {
        vertx.close().await();
    }

    /** A leg that is up until hung up, and then reports its end. */
    private static final class Line implements Leg {
        LegListener listener;

        public AudioFormat format() { return AudioFormat.PCMU_8K; }
        public void play(AudioChunk chunk, Object tag) { }
        public void clear() { }
        public void sendDtmf(String digits) { }
        public Future<Void> transfer(String destination) { return Future.succeededFuture(); }
        public void hangup(EndReason reason) { listener.onEnded(reason); }
        public void listen(LegListener l) { listener = l; }
    }

    /** An agent that reports {@code onStart} when started and {@code onStop} when stopped, each if not null. */
    private static final class ReportingAgent implements Agent {
        private final CallStats onStart;
        private final CallStats onStop;
        private CallContext ctx;

        ReportingAgent(CallStats onStart, CallStats onStop) {
            this.onStart = onStart;
            this.onStop = onStop;
        }

        public Future<Void> start(CallContext c) {
            ctx = c;
            if (onStart != null) c.reportStats(onStart);
            return Future.succeededFuture();
        }

        public void onAudio(Leg from, AudioChunk chunk) { }
        public void onDtmf(Leg from, char digit) { }
        public void onHeard(Leg to, Object tag) { }

        public void stop(EndReason reason) {
            if (onStop != null) ctx.reportStats(onStop);
        }
    }

    @Test
    void statsReportedWhenTheAgentStopsAreOnTheEndedRecord() throws Exception {
        assertThat(runCall(new ReportingAgent(null, AT_STOP), call -> { }).stats()).isEqualTo(AT_STOP);
    }

    @Test
    void theLastReportWinsAndRecordsBeforeTheEndDoNotCarryIt() throws Exception {
        CallRecord last = runCall(new ReportingAgent(EARLY, AT_STOP), call -> call.changeLanguage("he"));

        assertThat(last.stats()).isEqualTo(AT_STOP);
        assertThat(events).filteredOn(e -> e instanceof CallEvent.StatusChanged).isNotEmpty()
                .allSatisfy(e -> assertThat(((CallEvent.StatusChanged) e).call().stats()).isNull());
    }

    @Test
    void aReportMadeOnlyDuringTheCallStillReachesTheEnd() throws Exception {
        assertThat(runCall(new ReportingAgent(EARLY, null), call -> { }).stats()).isEqualTo(EARLY);
    }

    @Test
    void anAgentThatReportsNothingLeavesStatsNull() throws Exception {
        assertThat(runCall(new ReportingAgent(null, null), call -> { }).stats()).isNull();
    }

    /** Attaches a leg and {@code agent}, runs {@code during}, the caller hangs up; returns the call.ended record. */
    private CallRecord runCall(Agent agent, Consumer<Call> during) throws Exception {
        Context ctx = vertx.getOrCreateContext();
        Line line = new Line();
        OnContext.run(ctx, () -> {
            Call call = registry.create(new CallRegistry.NewCall(Provider.TWILIO, "CA1", Direction.INBOUND, "+1", "+2",
                    CallStatus.RINGING, "test", "en", Map.of()), ctx).orElseThrow();
            call.attach(line, agent, "CA1");
            during.accept(call);
            line.listener.onEnded(EndReason.CALLER_HANGUP);
        });
        CallEvent last = events.get(events.size() - 1);
        assertThat(last).isInstanceOf(CallEvent.Ended.class);
        return ((CallEvent.Ended) last).call();
    }

}
